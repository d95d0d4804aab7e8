// converge never throws; create and update turn { kind: "error" } into init failures built
// from its last sighting. Every error must still surface (nothing swallowed), with the id kept and no secret shown.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ResourceInitFailedError } from "../../src/testing";
import { args, useLab, type Entry, type Lab } from "./lab";

let lab: Lab;
const rejections: unknown[] = [];
const onRejection = (r: unknown) => rejections.push(r);

beforeAll(() => {
  process.on("unhandledRejection", onRejection);
});
afterAll(() => {
  process.off("unhandledRejection", onRejection);
});
useLab((started) => {
  lab = started;
});

describe("converge errors", () => {
  it("create with status Inactive, DeactiveFlowLog refused until timeouts.create: init failure with the id, Active in the state; next up deactivates", async () => {
    const a = args("vpc-demo0931", { status: "Inactive", timeouts: { create: "3s" } });
    lab.emulator.addFault({ kind: "unavailable", action: "DeactiveFlowLog" });
    let e: Entry;
    try {
      await lab.create("c-deact", a);
      throw new Error("create should have failed");
    } catch (err) {
      if (!ResourceInitFailedError.isInstance(err)) throw err;
      expect(err.reasons.join(" ")).toMatch(/DeactiveFlowLog|ServiceUnavailable|unavailable/i);
      e = { name: "c-deact", id: err.id, inputs: await lab.check(a), outputs: err.properties, initFailed: true };
    }
    expect(lab.cloud(e.id)?.status).toBe("Active");
    expect(e.outputs).toMatchObject({ flowLogId: e.id, status: "Active" });
    expect(typeof e.outputs.__provider).toBe("string");
    lab.emulator.clearFaults();
    const r = await lab.up(e, a);
    expect(r.error).toBeUndefined();
    expect(lab.cloud(e.id)?.status).toBe("Inactive");
    await lab.delete(r.entry);
  }, 120_000);

  it("update: rename lands, then MoveResourceGroup refused (unknown group): init failure shows the rename, names the API error", async () => {
    const a0 = args("vpc-demo0932", { flowLogName: "n0" });
    const e = await lab.create("c-move", a0);
    const r = await lab.up(e, { ...a0, flowLogName: "n1", resourceGroupId: "rg-acfmnotthere99" });
    expect(ResourceInitFailedError.isInstance(r.error)).toBe(true);
    expect((r.error as Error).message).toMatch(/MoveResourceGroup|ResourceGroup/i);
    expect(r.entry.outputs).toMatchObject({ flowLogName: "n1", resourceGroupId: "rg-acfmdefault0001" });
    await lab.delete(r.entry);
  }, 60_000);

  it("no unhandled rejection and no secret", () => {
    expect(rejections).toEqual([]);
    expect(lab.leaks()).toEqual([]);
  });
});
