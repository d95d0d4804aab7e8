// The provider-process client against the real @pulumi/pulumi dynamic-provider server, with the widget fixture's
// serialized provider (the text `new dynamic.Resource` would put into `__provider`).
import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProviderRpcError, ResourceInitFailedError } from "../../src/testing/errors";
import { startProviderProcess, type ProviderProcess } from "../../src/testing/provider-process";
import { UNKNOWN } from "../../src/testing/values";
import { fixture, fixtureDir, newStore } from "./helpers";

const urn = "urn:pulumi:dev::fixture::pulumi-nodejs:dynamic/fixture:Widget::w";
const store = newStore();
let provider: ProviderProcess;
let providerText: string;

beforeAll(async () => {
  // Same call as dynamic/index.js serializeProvider().
  providerText = (await pulumi.runtime.serializeFunction(() => fixture.widgetProvider, { allowSecrets: true })).text;
  provider = await startProviderProcess({ projectDir: fixtureDir, project: "fixture", env: { WIDGET_STORE: store.file } });
  await provider.configure({ "fixture:label": "L1", "fixture:token": { value: "tok-secret", secret: true } });
});
afterAll(async () => {
  await provider?.stop();
});

describe("provider process", () => {
  it("reports check failures per property and returns checked inputs with __provider", async () => {
    const bad = await provider.check(urn, {}, { __provider: providerText, kind: "a", size: "big" });
    expect(bad.failures).toEqual([{ property: "size", reason: "size must be a number >= 0" }]);
    const good = await provider.check(urn, {}, { __provider: providerText, kind: "a", size: 1 });
    expect(good.failures).toEqual([]);
    expect(good.inputs).toEqual({ __provider: providerText, kind: "a", size: 1 });
  });

  it("passes unknown values through check and diff (preview)", async () => {
    const checked = await provider.check(urn, {}, { __provider: providerText, kind: "a", size: UNKNOWN });
    expect(checked.failures).toEqual([]);
    expect(checked.inputs.size).toBe(UNKNOWN);
    const diff = await provider.diff("w-0", urn, { kind: "a", size: 1 }, { __provider: providerText, kind: UNKNOWN, size: 1 });
    expect(diff).toEqual({ changes: "some", replaces: ["kind"], deleteBeforeReplace: false });
  });

  it("creates, reads, diffs, updates and deletes; secrets from configure are unwrapped in the provider", async () => {
    const props = { __provider: providerText, kind: "a", size: 1, note: "" };
    const created = await provider.create(urn, props);
    expect(created.id).toMatch(/^w-\d+$/);
    // tokenLength 10 = "tok-secret": the secret config arrived wrapped and the server unwrapped it.
    expect(created.properties).toMatchObject({ kind: "a", size: 1, label: "L1", tokenLength: 10, __provider: providerText });
    expect(JSON.stringify(created.properties)).not.toContain("tok-secret");
    const line = await provider.waitForLog((l) => l.text === `widget ${created.id} created`);
    expect(line.stream).toBe("stdout");

    const same = await provider.diff(created.id, urn, created.properties, props, props);
    expect(same).toEqual({ changes: "none", replaces: [], deleteBeforeReplace: false });
    const updated = await provider.update(created.id, urn, created.properties, { ...props, size: 2 }, props);
    expect(updated).toMatchObject({ size: 2, __provider: providerText });
    expect(store.read().objects[created.id]).toMatchObject({ size: 2 });

    const read = await provider.read(created.id, urn, updated, props);
    expect(read.id).toBe(created.id);
    expect(read.inputs).toMatchObject({ kind: "a", size: 2, __provider: providerText });

    await provider.delete(created.id, urn, updated);
    expect(store.read().objects[created.id]).toBeUndefined();
    const gone = await provider.read(created.id, urn, updated);
    expect(gone.id).toBe("");
  });

  it("decodes an init failure into id, properties and reasons", async () => {
    const err = await provider.create(urn, { __provider: providerText, kind: "a", size: 1, failInit: true }).catch((e) => e);
    expect(ResourceInitFailedError.isInstance(err)).toBe(true);
    const e = err as ResourceInitFailedError;
    expect(e.id).toMatch(/^w-\d+$/);
    expect(e.reasons).toEqual(["still starting"]);
    expect(e.message).toContain("did not start");
    expect(e.properties).toMatchObject({ kind: "a", __provider: providerText });
    expect(ProviderRpcError.isInstance(err)).toBe(false);
  });

  it("turns any other provider error into a ProviderRpcError with the provider's message", async () => {
    const err = await provider.delete("w-404", urn, { __provider: providerText }).catch((e) => e);
    expect(ProviderRpcError.isInstance(err)).toBe(true);
    expect((err as ProviderRpcError).method).toBe("Delete");
    expect((err as Error).message).toContain("widget w-404 not found");
  });

  it("stop() ends the process", async () => {
    const p = await startProviderProcess({ projectDir: fixtureDir, project: "fixture" });
    const pid = p.pid;
    await p.stop();
    await p.stop();
    expect(() => process.kill(pid, 0)).toThrow();
  });
});
