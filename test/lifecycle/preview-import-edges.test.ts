// Check/Diff/Read through the REAL dynamic-provider process (test/lifecycle/lab.ts) for
// unknowns at preview, old state of another shape, and import with odd ids. Needs `npm run build` (dist).
// After each scenario the emulator's flow logs are asserted.
import { describe, expect, it } from "vitest";
import { UNKNOWN } from "../../src/provider/types";
import { args, REGION, useLab, type Entry, type Lab } from "./lab";

let lab: Lab;
let base: Entry;
const baseArgs = args("vpc-demo0701", { flowLogName: "web", description: "d", aggregationInterval: 5, tags: { a: "1" }, ipVersion: "IPv4" });

useLab(
  async (started) => {
    lab = started;
    base = await lab.create("base", baseArgs);
  },
  { activationDelayMs: 100, transitionDelayMs: 100 },
);

const onVpc = (vpc: string) => lab.emulator.flowLogs().filter((f) => f.resourceId === vpc).map((f) => f.flowLogId);

describe("unknown values at preview (Pulumi's sentinel) for each argument", () => {
  const replaceFields = ["resourceType", "resourceId", "trafficType", "projectName", "logStoreName", "regionId", "trafficPaths"];
  const updateFields = ["flowLogName", "description", "aggregationInterval", "ipVersion", "status", "tags", "resourceGroupId"];

  it.each(replaceFields)("%s unknown: check passes, diff replaces it", async (field) => {
    const { diff } = await lab.diff(base, { ...baseArgs, [field]: UNKNOWN });
    expect(diff.changes).toBe("some");
    expect(diff.replaces).toContain(field);
    expect(onVpc("vpc-demo0701")).toEqual([base.id]);
  });

  it.each(updateFields)("%s unknown: check passes, diff is an in-place change", async (field) => {
    const { diff } = await lab.diff(base, { ...baseArgs, [field]: UNKNOWN });
    expect(diff).toEqual({ changes: "some", replaces: [], deleteBeforeReplace: false });
  });

  it("a tag value unknown, trafficPaths element unknown: check passes, diff shows the change", async () => {
    expect((await lab.diff(base, { ...baseArgs, tags: { a: UNKNOWN } })).diff.changes).toBe("some");
    expect((await lab.diff(base, { ...baseArgs, trafficPaths: [UNKNOWN] })).diff.replaces).toEqual(["trafficPaths"]);
  });

  it("create with every optional argument unknown passes check (preview of a new FlowLog)", async () => {
    const all = Object.fromEntries([...replaceFields, ...updateFields, "timeouts"].map((f) => [f, UNKNOWN]));
    await expect(lab.check(all)).resolves.toBeDefined();
  });

  // Pulumi's unknown means "may differ": a preview must not promise "no change". check passes an unknown `timeouts` (or
  // an unknown field of it) through; the defaults would make diff say `none` and `up` then update.
  it("timeouts unknown (whole, or one field) on a flow log with default timeouts: diff reports a possible change", async () => {
    expect((await lab.diff(base, { ...baseArgs, timeouts: UNKNOWN })).diff.changes).toBe("some");
    expect((await lab.diff(base, { ...baseArgs, timeouts: { create: "10m", delete: UNKNOWN } })).diff.changes).toBe("some");
  });

  it("timeouts with one field unknown keeps the known fields in the checked inputs", async () => {
    const inputs = await lab.check({ ...baseArgs, timeouts: { create: "1m", delete: UNKNOWN } });
    expect((inputs.timeouts as Record<string, string>).create).toBe("1m");
  });
});

describe("diff against old state of another shape", () => {
  const without = (keys: string[]): Entry => {
    const outputs = { ...base.outputs };
    for (const k of keys) delete outputs[k];
    return { ...base, outputs };
  };

  it("extra fields in the old state (unknown outputs, system tags, numbers as strings): no change", async () => {
    const old: Entry = {
      ...base,
      outputs: { ...base.outputs, someOldOutput: "x", vpcId: "vpc-demo0701", aggregationInterval: "5", tags: { a: "1", "acs:rm:rgId": "rg-x" } },
    };
    expect((await lab.diff(old, baseArgs)).diff).toEqual({ changes: "none", replaces: [], deleteBeforeReplace: false });
  });

  it("old state without outputs that only reading could fill (status, businessStatus, creationTime...): no replace", async () => {
    const old = without(["businessStatus", "creationTime", "flowLogDeliverStatus", "logFormat", "serviceType", "timeouts", "tags", "trafficPaths"]);
    const { diff } = await lab.diff(old, baseArgs);
    expect(diff.replaces).toEqual([]);
  });

  // diff.ts: deleteBeforeReplace when the replacement may capture the same resource. An old state that lacks resourceId
  // (another shape) must not have the new flow log created FIRST on the VPC that still has the old one: the service
  // refuses ("This resourceId already has flowlog instance existed").
  it("old state without resourceId / regionId, unchanged program: no create-first replace on the same VPC", async () => {
    const { diff } = await lab.diff(without(["resourceId"]), baseArgs);
    if (diff.replaces.length > 0) expect(diff.deleteBeforeReplace).toBe(true);
    const r = await lab.diff(without(["regionId"]), baseArgs);
    if (r.diff.replaces.length > 0) expect(r.diff.deleteBeforeReplace).toBe(true);
    expect(onVpc("vpc-demo0701")).toEqual([base.id]);
  });
});

describe("import with odd ids", () => {
  const before = () => lab.emulator.flowLogs().map((f) => f.flowLogId).sort();

  it.each([
    ["empty-ish", "fl-"],
    ["a VPC id", "vpc-demo0701"],
    ["spaces", "fl- x y"],
    ["wildcard", "*"],
    ["percent", "fl-%2Fabc%"],
    ["very long", `fl-${"a".repeat(400)}`],
    ["unicode", "fl-日本語"],
  ])("%s (%s): refused at check or not found; nothing created, nothing adopted", async (_label, id) => {
    const ids = before();
    let result: Awaited<ReturnType<Lab["importId"]>> | undefined;
    let error: unknown;
    try {
      result = await lab.importId("odd", id, baseArgs);
    } catch (e) {
      error = e;
    }
    if (error === undefined) expect(result!.error?.message).toMatch(/does not exist in cn-hangzhou/);
    else expect(String((error as Error).message)).toMatch(/importId \(the `import` resource option\) must be a FlowLogId/);
    expect(before()).toEqual(ids);
  });

  it("the real id in another letter case or with a space, or two ids joined by a comma: refused at check, nothing adopted", async () => {
    const other = await lab.create("other", args("vpc-demo0702"));
    try {
      for (const id of [base.id.toUpperCase(), `${base.id} `, ` ${base.id}`, `${base.id},${other.id}`]) {
        await expect(lab.importId("odd-spelling", id, baseArgs)).rejects.toThrow(/importId \(the `import` resource option\) must be a FlowLogId/);
      }
    } finally {
      await lab.delete(other);
    }
    expect(onVpc("vpc-demo0702")).toEqual([]);
  });

  it("an id from another region: not found where the program does not say the region, imported where it does", async () => {
    const sh = await lab.create("sh", args("vpc-demo0703", { regionId: "cn-shanghai" }));
    try {
      expect((await lab.importId("sh-default", sh.id, args("vpc-demo0703"))).error?.message).toMatch(/does not exist in cn-hangzhou/);
      const imported = await lab.importId("sh-explicit", sh.id, args("vpc-demo0703", { regionId: "cn-shanghai" }));
      expect(imported.error).toBeUndefined();
      expect(imported.entry?.id).toBe(sh.id);
    } finally {
      await lab.delete(sh);
    }
    expect(lab.emulator.flowLogs().filter((f) => f.resourceId === "vpc-demo0703")).toEqual([]);
  });
});

describe("refresh", () => {
  it("a flow log deleted out of band is dropped; the emulator holds none for it", async () => {
    const e = await lab.create("gone", args("vpc-demo0704"));
    await lab.direct().deleteFlowLog({ regionId: REGION, flowLogId: e.id });
    await lab.waitCloud(e.id, (f) => f === undefined);
    expect(await lab.refresh(e)).toBeUndefined();
    expect(onVpc("vpc-demo0704")).toEqual([]);
  });
});

describe("no secret", () => {
  it("nothing seen holds the STS secret or token", () => {
    expect(lab.leaks()).toEqual([]);
  });
});
