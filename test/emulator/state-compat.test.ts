/**
 * One settings schema for the control API and state files (model/settings.ts, model/snapshot.ts),
 * the state saver (state-saver.ts, VpcService onTransition) and stop() (index.ts, request-gate.ts).
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseWorld, startEmulator, type EmulatorOptions, type RunningEmulator } from "../../src/emulator";
import { createFlowLogParams, rawRequest, signedCall, signedV2Query } from "./helpers";

const directory = mkdtempSync(join(tmpdir(), "emulator-state-"));
const running: RunningEmulator[] = [];
afterAll(async () => {
  for (const e of running) await e.stop().catch(() => undefined);
  rmSync(directory, { recursive: true, force: true });
});
async function start(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const e = await startEmulator(options);
  running.push(e);
  return e;
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let vpc = 300;
const createParams = () => createFlowLogParams(++vpc);
const call = signedCall;
function control(port: number, method: string, route: string, body?: string) {
  return rawRequest(port, { method, path: `/__emulator/${route}`, headers: { "content-type": "application/json" }, ...(body === undefined ? {} : { body }) });
}
function readState(file: string): { snapshot: { settings: Record<string, unknown>; flowLogs: { flowLogId: string; status: string }[] } } {
  return JSON.parse(readFileSync(file, "utf8"));
}

const FIXTURE_A = join(__dirname, "fixtures/state-file-v1-a49e572.json"); // written by `startEmulator` of commit a49e572
const FIXTURE_B = join(__dirname, "fixtures/state-file-v1-a49e572-infinity.json"); // a49e572, settings { hideNewForMs: Infinity, legacyFlag: true }

describe("state files written by an earlier version (commit a49e572)", () => {
  // index.ts EmulatorOptions.stateFile: "loaded at start when it exists ... so flow logs survive a restart". A file
  // the previous emulator wrote must still load after upgrading.
  it("loads a plain a49e572 state file (flow log, serviceOpen, hideNewForMs)", async () => {
    const file = join(directory, "a.json");
    copyFileSync(FIXTURE_A, file);
    const e = await start({ stateFile: file });
    expect(e.flowLogs()).toHaveLength(1);
    expect(e.settings().serviceOpen).toEqual({ "cn-beijing": false });
    expect(e.settings().hideNewForMs).toBe(5);
  });

  // a49e572's snapshot schema was `settings: z.record(z.string(), z.unknown())`: it loaded and wrote back any settings
  // object, so a file with a key it did not know round-tripped; such keys are dropped now, never refused.
  it("loads an a49e572 state file whose settings carry a key this version does not know", async () => {
    const file = join(directory, "a-unknown.json");
    const content = JSON.parse(readFileSync(FIXTURE_A, "utf8"));
    content.snapshot.settings.legacyFlag = true;
    writeFileSync(file, JSON.stringify(content));
    const e = await start({ stateFile: file }).catch((error: Error) => error);
    expect(e instanceof Error ? e.message : "loaded").toBe("loaded");
  });

  // a49e572 wrote hideNewForMs: null for a programmatic Infinity (JSON has no Infinity); the null takes the default.
  it("loads the a49e572 file written with settings { hideNewForMs: Infinity, legacyFlag }", async () => {
    const file = join(directory, "b.json");
    copyFileSync(FIXTURE_B, file);
    const e = await start({ stateFile: file }).catch((error: Error) => error);
    expect(e instanceof Error ? e.message : "loaded").toBe("loaded");
  });
});

describe("a state file written by this emulator loads again", () => {
  // JSON cannot carry Infinity (a saved Infinity would come back as null), so settings given in code are refused up front
  // by the control API's rules; `stuckActivating` is the way to never activate.
  it("refuses settings { activationDelayMs: Infinity } at start, naming the field", async () => {
    const file = join(directory, "infinity.json");
    await expect(startEmulator({ stateFile: file, settings: { activationDelayMs: Number.POSITIVE_INFINITY } })).rejects.toMatchObject({
      name: "EmulatorSettingsError",
      message: expect.stringContaining("activationDelayMs"),
    });
  });

  // Settings given in code follow the control API's rules, so the emulator never writes a file it would then refuse.
  it("never writes a state file it then refuses (options.settings quotaPerRegion: -1)", async () => {
    const file = join(directory, "negative.json");
    await expect(startEmulator({ stateFile: file, settings: { quotaPerRegion: -1 } })).rejects.toMatchObject({ name: "EmulatorSettingsError" });
  });

  it("refuses, naming the regions, a state file with flow logs in regions the world given now lacks; the file is kept", async () => {
    const file = join(directory, "other-world.json");
    const e = await startEmulator({ stateFile: file });
    expect((await call(e.port, "CreateFlowLog", createParams())).status).toBe(200);
    await e.stop();
    const saved = readFileSync(file, "utf8");
    const world = parseWorld({ regions: [{ regionId: "eu-central-1" }], resourceGroups: [{ id: "rg-1" }], defaultResourceGroupId: "rg-1" });
    await expect(startEmulator({ stateFile: file, world })).rejects.toMatchObject({
      name: "StateFileError",
      message: expect.stringContaining("flow logs in regions this world does not have (cn-hangzhou)") as unknown,
    });
    expect(readFileSync(file, "utf8")).toBe(saved);
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  it("restarts from the file after a PATCH of huge but finite delays (1e300)", async () => {
    const file = join(directory, "huge.json");
    const e = await startEmulator({ stateFile: file });
    expect((await control(e.port, "PATCH", "settings", JSON.stringify({ activationDelayMs: 1e300, hideNewForMs: 1e300 }))).status).toBe(200);
    expect((await call(e.port, "CreateFlowLog", createParams())).status).toBe(200);
    await e.stop();
    const again = await start({ stateFile: file }).catch((error: Error) => error);
    expect(again instanceof Error ? again.message : "loaded").toBe("loaded");
    if (!(again instanceof Error)) expect(again.flowLogs()[0]?.status).toBe("Activating");
  });
});

describe("control API settings bounds (settingsPatchSchema)", () => {
  const refused = [
    '{"activationDelayMs":-1}',
    '{"activationDelayMs":1e999}',
    '{"transitionDelayMs":"5"}',
    '{"hideNewForMs":null}',
    '{"maxFlowLogsPerResource":0}',
    '{"maxFlowLogsPerResource":1.5}',
    '{"quotaPerRegion":-1}',
    '{"stuckActivating":"false"}',
    '{"serviceOpen":{"cn-hangzhou":"no"}}',
    '{"serviceOpen":{"__proto__":false}}',
    '{"unknown":1}',
    "[]",
    "null",
  ];
  for (const body of refused) {
    it(`refuses ${body} with 400 and changes nothing`, async () => {
      const e = await start();
      const before = e.settings();
      const answer = await control(e.port, "PATCH", "settings", body);
      expect(answer.status).toBe(400);
      expect(e.settings()).toEqual(before);
    });
  }

  it("refuses serviceOpen names that are not regions of the world (a typo, constructor), naming them", async () => {
    const e = await start();
    const before = e.settings();
    for (const name of ["cn-hangzou", "constructor"]) {
      const answer = await control(e.port, "PATCH", "settings", `{"serviceOpen":{"cn-shanghai":false,${JSON.stringify(name)}:false}}`);
      expect(answer.status).toBe(400);
      expect(answer.text).toContain(`serviceOpen.${name}: not a region of the emulator's world`);
    }
    expect(e.settings()).toEqual(before);
    expect(({} as Record<string, unknown>).constructor).toBe(Object);
  });

  it("refuses the same in code, before the state file is locked", async () => {
    const file = join(directory, "typo.json");
    await expect(startEmulator({ stateFile: file, settings: { serviceOpen: { "cn-hangzou": false } } })).rejects.toMatchObject({
      name: "EmulatorSettingsError",
      message: expect.stringContaining("serviceOpen.cn-hangzou") as unknown,
    });
    expect(existsSync(`${file}.lock`)).toBe(false);
    const world = parseWorld({ regions: [{ regionId: "eu-central-1" }], resourceGroups: [{ id: "rg-1" }], defaultResourceGroupId: "rg-1" });
    await expect(startEmulator({ world, settings: { serviceOpen: { "cn-hangzhou": false } } })).rejects.toThrow(/serviceOpen\.cn-hangzhou/);
    const custom = await start({ world, settings: { serviceOpen: { "eu-central-1": false } } });
    expect(custom.settings().serviceOpen).toEqual({ "eu-central-1": false });
  });
});

describe("updateSettings in code follows the control API's rules", () => {
  for (const [name, patch] of [
    ["a negative delay", { activationDelayMs: -1 }],
    ["a non-finite delay", { transitionDelayMs: Infinity }],
    ["a non-boolean flag", { stuckActivating: "yes" }],
    ["null", null],
  ] as const) {
    it(`refuses ${name} with EmulatorSettingsError; nothing changes, nothing is saved`, async () => {
      const file = join(directory, `update-${name.replace(/\W+/g, "-")}.json`);
      const e = await start({ stateFile: file });
      const before = e.settings();
      const saved = readFileSync(file, "utf8");
      expect(() => e.updateSettings(patch as never)).toThrow(
        expect.objectContaining({ name: "EmulatorSettingsError", message: expect.stringContaining(patch === null ? "Invalid emulator settings" : Object.keys(patch)[0]!) as unknown }),
      );
      expect(e.settings()).toEqual(before);
      expect(readFileSync(file, "utf8")).toBe(saved);
    });
  }
});

describe("state saved after control API changes and transitions", () => {
  it("writes the file at once after PATCH settings and after POST reset", async () => {
    const file = join(directory, "control.json");
    const e = await start({ stateFile: file, settings: { activationDelayMs: 10 } });
    expect((await call(e.port, "CreateFlowLog", createParams())).status).toBe(200);
    expect((await control(e.port, "PATCH", "settings", '{"quotaPerRegion":7}')).status).toBe(200);
    expect(readState(file).snapshot.settings.quotaPerRegion).toBe(7);
    expect((await control(e.port, "POST", "reset")).status).toBe(200);
    const after = readState(file).snapshot;
    expect(after.flowLogs).toEqual([]);
    expect(after.settings.quotaPerRegion).toBe(1000);
  });

  // A restart from the file as it is after the transitions (the emulator killed, not stopped) finds them finished.
  it("a copy of the file taken after Active and after Deleting->gone restarts with those states", async () => {
    const file = join(directory, "transitions.json");
    const e = await start({ stateFile: file, settings: { activationDelayMs: 30, transitionDelayMs: 30 } });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push(String((await call(e.port, "CreateFlowLog", createParams())).json.FlowLogId));
    await sleep(150);
    const active = join(directory, "transitions-active.json");
    copyFileSync(file, active);
    expect(readState(active).snapshot.flowLogs.map((f) => f.status)).toEqual(["Active", "Active", "Active"]);
    expect((await call(e.port, "DeleteFlowLog", { RegionId: "cn-hangzhou", FlowLogId: ids[0]! })).status).toBe(200);
    await sleep(150);
    const gone = join(directory, "transitions-gone.json");
    copyFileSync(file, gone);
    const restarted = await start({ stateFile: gone });
    expect(restarted.flowLogs().map((f) => f.flowLogId)).toEqual(ids.slice(1));
    expect(restarted.flowLogs().every((f) => f.status === "Active")).toBe(true);
  });
});

describe("after stop()", () => {
  // index.ts RunningEmulator.stop(): "clears timers"; request-gate.ts: "a stopped emulator commits nothing more".
  // updateSettings after stop() releases stuck flow logs into a disposed service: a timer is armed again and the flow
  // log changes state after stop() resolved.
  it("updateSettings({ stuckActivating: false }) after stop() arms no timer and changes no flow log", async () => {
    const e = await startEmulator({ settings: { stuckActivating: true, activationDelayMs: 10 } });
    expect((await call(e.port, "CreateFlowLog", createParams())).status).toBe(200);
    await e.stop();
    e.updateSettings({ stuckActivating: false });
    await sleep(80);
    expect(e.flowLogs()[0]?.status).toBe("Activating");
  });

  it("ends 30 latency-held requests without committing any, stop() resolving at once; stop() twice is the same promise", async () => {
    const file = join(directory, "held.json");
    const e = await startEmulator({ stateFile: file, faults: [{ kind: "latency", latencyMs: 5000, action: "CreateFlowLog" }] });
    const held = Array.from({ length: 30 }, () =>
      rawRequest(e.port, { path: `/?${signedV2Query("CreateFlowLog", createParams())}` }).then((a) => a.status, () => "reset"),
    );
    await sleep(200);
    const started = Date.now();
    const p1 = e.stop();
    const p2 = e.stop();
    expect(p1).toBe(p2);
    await p1;
    expect(Date.now() - started).toBeLessThan(1000);
    const outcomes = await Promise.all(held);
    expect(outcomes.filter((o) => o === 200)).toEqual([]);
    expect(e.flowLogs()).toEqual([]);
    expect(readState(file).snapshot.flowLogs).toEqual([]);
  });
});
