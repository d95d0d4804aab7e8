// The mini engine: the widget fixture's programs run in-process under setMocks, answered by the real dynamic-provider
// process; the store file is the "cloud" the assertions look at.
import { describe, expect, it } from "vitest";
import { MiniEngine, type EngineEvent, type EngineOptions } from "../../src/testing/engine";
import { CheckFailedError, EngineRunError, ImportMismatchError, ResourceInitFailedError } from "../../src/testing/errors";
import { UNKNOWN } from "../../src/testing/values";
import { fixture, fixtureDir, newStore } from "./helpers";
import type { WidgetSpec } from "./fixtures/widget.cjs";

const program = (spec: WidgetSpec[], options?: { secretOutput?: boolean }) => fixture.widgetProgram(spec, options);

function setUp(extra: Partial<EngineOptions> = {}) {
  const store = newStore();
  const events: EngineEvent[] = [];
  const engine = new MiniEngine({
    project: "fixture",
    projectDir: fixtureDir,
    providerEnv: { WIDGET_STORE: store.file },
    config: { label: "L1", token: { value: "tok-secret-value", secret: true } },
    onEvent: (e) => events.push(e),
    ...extra,
  });
  const ops = () => events.filter((e) => e.phase === "done").map((e) => `${e.op} ${e.name}`);
  // a and b register concurrently, as under the CLI: which one gets w-1 is not fixed.
  const idOf = (name: string) => engine.state().resources.find((r) => r.name === name)?.id ?? "";
  return { store, engine, events, ops, idOf };
}

async function runError(p: Promise<unknown>): Promise<EngineRunError> {
  const e = await p.catch((err: unknown) => err);
  expect(EngineRunError.isInstance(e)).toBe(true);
  return e as EngineRunError;
}

describe("mini engine: up, preview, update, replace, delete", () => {
  it("creates on the first up and does nothing on the second; outputs come from the provider", async () => {
    const { store, engine, ops } = setUp();
    const first = await engine.up(program([{ name: "a", args: { kind: "x", size: 1 } }]));
    expect(first.outputs).toEqual({ aId: "w-1", aLabel: "L1" });
    const second = await engine.up(program([{ name: "a", args: { kind: "x", size: 1 } }]));
    expect(second.outputs).toEqual(first.outputs);
    expect(ops()).toEqual(["create a", "same a"]);
    expect(Object.keys(store.read().objects)).toEqual(["w-1"]);
    expect(engine.state().resources.map((r) => r.id)).toEqual(["w-1"]);
  });

  it("preview calls Check (and Diff) only: nothing changes, unknown outputs are the UNKNOWN sentinel", async () => {
    const { store, engine, ops } = setUp();
    await engine.up(program([{ name: "a", args: { kind: "x", size: 1 } }]));
    const before = engine.stateJson();
    const preview = await engine.preview(
      program([
        { name: "a", args: { kind: "y", size: 1 } },
        { name: "b", args: { kind: "x", size: 2 }, after: "a" },
      ]),
    );
    expect(ops()).toEqual(["create a", "replace a", "create b"]);
    expect(preview.outputs).toEqual({ aId: UNKNOWN, aLabel: UNKNOWN, bId: UNKNOWN, bLabel: UNKNOWN });
    expect(Object.keys(store.read().objects)).toEqual(["w-1"]);
    expect(engine.stateJson().replace(/"time": "[^"]+"/, "")).toEqual(before.replace(/"time": "[^"]+"/, ""));
  });

  it("updates in place, replaces (create first, or delete first when asked) and deletes what the program drops", async () => {
    const { store, engine, ops, idOf } = setUp();
    const objects = () => Object.keys(store.read().objects).sort();
    await engine.up(program([{ name: "a", args: { kind: "x", size: 1 } }, { name: "b", args: { kind: "x", size: 1 } }]));
    const [a1, b] = [idOf("a"), idOf("b")];
    await engine.up(program([{ name: "a", args: { kind: "x", size: 5 } }, { name: "b", args: { kind: "x", size: 1 } }]));
    expect(store.read().objects[a1]).toMatchObject({ size: 5 });
    expect(idOf("a")).toBe(a1);
    await engine.up(program([{ name: "a", args: { kind: "y", size: 5 } }, { name: "b", args: { kind: "x", size: 1 } }]));
    expect(idOf("a")).toBe("w-3");
    expect(objects()).toEqual([b, "w-3"].sort());
    await engine.up(
      program([{ name: "a", args: { kind: "z", size: 5, deleteBeforeReplace: true } }, { name: "b", args: { kind: "x", size: 1 } }]),
    );
    expect(objects()).toEqual([b, "w-4"].sort());
    await engine.up(program([{ name: "a", args: { kind: "z", size: 5, deleteBeforeReplace: true } }]));
    expect(objects()).toEqual(["w-4"]);
    // Replace: create the new one, then delete the old; with deleteBeforeReplace the other way round.
    expect(ops().filter((o) => o.endsWith(" a"))).toEqual(["create a", "update a", "replace a", "delete a", "delete a", "replace a", "same a"]);
    expect(ops().filter((o) => o.endsWith(" b"))).toEqual(["create b", "same b", "same b", "same b", "delete b"]);
    expect(engine.state().resources.map((r) => `${r.name}=${r.id}`)).toEqual(["a=w-4"]);
  });

  it("destroy deletes every resource, last created first", async () => {
    const { store, engine, events } = setUp();
    await engine.up(program([{ name: "a", args: { kind: "x", size: 1 } }, { name: "b", args: { kind: "x", size: 1 } }]));
    const created = engine.state().resources.map((r) => r.name);
    const destroyed = await engine.destroy();
    expect(destroyed.filter((e) => e.phase === "done").map((e) => e.name)).toEqual([...created].reverse());
    expect(store.read().objects).toEqual({});
    expect(engine.state().resources).toEqual([]);
    expect(events.some((e) => e.phase === "failed")).toBe(false);
  });
});

describe("mini engine: refresh and import", () => {
  it("refresh takes drift into the state, the next up puts the program's value back; gone objects leave the state", async () => {
    const { store, engine, ops, idOf } = setUp();
    await engine.up(program([{ name: "a", args: { kind: "x", size: 1, note: "n1" } }, { name: "b", args: { kind: "x", size: 1 } }]));
    const a = idOf("a");
    const cloud = store.read();
    cloud.objects[a]!.note = "changed behind Pulumi's back";
    delete cloud.objects[idOf("b")];
    store.write(cloud);
    await engine.refresh();
    expect(engine.state().resources.map((r) => [r.name, r.outputs.note])).toEqual([["a", "changed behind Pulumi's back"]]);
    await engine.up(program([{ name: "a", args: { kind: "x", size: 1, note: "n1" } }, { name: "b", args: { kind: "x", size: 1 } }]));
    expect(ops().filter((o) => o.endsWith(" a"))).toEqual(["create a", "refresh a", "update a"]);
    expect(ops().filter((o) => o.endsWith(" b"))).toEqual(["create b", "gone b", "create b"]);
    expect(store.read().objects[a]).toMatchObject({ note: "n1" });
    expect(idOf("a")).toBe(a);
  });

  it("the import option: Read with no properties and no inputs, as the engine sends it, which a dynamic provider cannot serve", async () => {
    // pkg/resource/deploy/step.go ImportStep.Apply reads with URN, name, type and id only; the dynamic-provider server
    // then has no `__provider` to load (pulumi/pulumi#3550). FlowLog turns the option into an input instead.
    const { store, engine } = setUp();
    await engine.up(program([{ name: "a", args: { kind: "x", size: 3, note: "" } }]));
    const other = new MiniEngine({ project: "fixture", projectDir: fixtureDir, providerEnv: { WIDGET_STORE: store.file } });
    const err = await runError(other.up(program([{ name: "c", args: { kind: "x", size: 3, note: "" }, opts: { import: "w-1" } }])));
    expect(String(err.errors[0])).toMatch(/code must be a string/);
    expect(other.state().resources).toEqual([]);
    expect(store.read().next).toBe(2);
  });

  it("a get (opts.id): Read with the get's properties, as the engine's; a program whose args differ fails as an import", async () => {
    const { store, engine } = setUp();
    await engine.up(program([{ name: "a", args: { kind: "x", size: 3, note: "" } }]));
    const other = new MiniEngine({ project: "fixture", projectDir: fixtureDir, providerEnv: { WIDGET_STORE: store.file } });
    const read = await other.up(program([{ name: "c", args: { kind: "x", size: 3, note: "" }, opts: { id: "w-1" } }]));
    expect(read.outputs.cId).toBe("w-1");
    expect(store.read().next).toBe(2);

    const third = new MiniEngine({ project: "fixture", projectDir: fixtureDir, providerEnv: { WIDGET_STORE: store.file } });
    const err = await runError(third.up(program([{ name: "c", args: { kind: "y", size: 3, note: "" }, opts: { id: "w-1" } }])));
    expect(ImportMismatchError.isInstance(err.errors[0])).toBe(true);
    expect(third.state().resources).toEqual([]);
  });
});

describe("mini engine: failures and secrets", () => {
  it("keeps an init-failed resource in state with its id and updates it on the next up", async () => {
    const { store, engine, ops } = setUp();
    const err = await runError(engine.up(program([{ name: "a", args: { kind: "x", size: 1, failInit: true } }])));
    expect(ResourceInitFailedError.isInstance(err.errors[0])).toBe(true);
    expect(engine.state().resources).toMatchObject([{ id: "w-1", initErrors: ["still starting"] }]);
    expect(JSON.parse(engine.stateJson()).deployment.resources[1].initErrors).toEqual(["still starting"]);
    await engine.up(program([{ name: "a", args: { kind: "x", size: 1, failInit: false } }]));
    expect(ops()).toEqual(["update a"]);
    expect(engine.state().resources[0]!.initErrors).toBeUndefined();
    expect(Object.keys(store.read().objects)).toEqual(["w-1"]);
  });

  it("a check failure fails the run before anything is created", async () => {
    const { store, engine } = setUp();
    const err = await runError(engine.up(program([{ name: "a", args: { kind: "x", size: "big" } }])));
    expect(err.errors).toHaveLength(1);
    expect(CheckFailedError.isInstance(err.errors[0])).toBe(true);
    expect((err.errors[0] as CheckFailedError).failures).toEqual([{ property: "size", reason: "size must be a number >= 0" }]);
    expect(store.read().objects).toEqual({});
    expect(engine.state().resources).toEqual([]);
  });

  it("writes secrets (inputs, same-named outputs, stack outputs) as ciphertext in the state JSON", async () => {
    const { engine } = setUp();
    const result = await engine.up(
      program([{ name: "a", args: { kind: "x", size: 1, note: "hush-note-value" }, secret: ["note"] }], { secretOutput: true }),
    );
    expect(result.secretOutputs).toEqual(["secretThing"]);
    expect(result.outputs.secretThing).toBe("s3cr3t-output");
    const json = engine.stateJson();
    expect(json).not.toContain("hush-note-value");
    expect(json).not.toContain("s3cr3t-output");
    expect(json).not.toContain("tok-secret-value");
    const a = JSON.parse(json).deployment.resources[1];
    expect(a.inputs.note).toMatchObject({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" });
    expect(a.outputs.note.ciphertext).toEqual(expect.any(String));
    // The provider saw the plain value (the engine unwraps secrets for a provider that accepts none).
    expect(engine.state().resources[0]!.outputs.note).toBe("hush-note-value");
  });
});
