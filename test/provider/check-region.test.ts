/**
 * provider.ts check: a FlowLog with no regionId and no configured region keeps the region of its old inputs (olds) when
 * that is a region ID, else is refused; a configured region still wins (README: "changing alicloud:region replaces every
 * flow log that sets no regionId"). Also check.ts: a repeated empty or non-string traffic path is reported once.
 */
import { describe, expect, it } from "vitest";
import { FlowLogProvider } from "../../src/provider";

const VALID = { resourceType: "VPC", resourceId: "vpc-demo0001", trafficType: "All", projectName: "flowlog-project", logStoreName: "flowlog-store" };
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const TIMEOUTS = { create: "10m", update: "10m", delete: "10m" };

interface Checked {
  inputs: Record<string, unknown>;
  failures: { property: string; reason: string }[];
}

type Props = Record<string, unknown>;

/** A provider with no region in its environment and, unless given, none in its config; check's answer typed as given. */
async function provider(region?: string, env: Record<string, string> = {}) {
  const p = new FlowLogProvider({ env, log: () => undefined });
  await p.configure({ config: { get: (k: string) => (k === "alicloud:region" ? region : undefined) } });
  return {
    check: async (olds: Props, news: Props) => (await p.check(olds, news)) as Checked,
    diff: (id: string, olds: Props, news: Props) => p.diff(id, olds, news),
  };
}
const regionFailures = <T extends { property: string }>(failures: readonly T[]) => failures.filter((f) => f.property === "regionId");

describe("check: olds.regionId with no region configured", () => {
  it.each([
    ["empty string", ""],
    ["number", 42],
    ["object", { value: "cn-hangzhou" }],
    ["null", null],
    ["array", ["cn-hangzhou"]],
  ])("olds regionId %s is not taken: a region failure", async (_name, value) => {
    const { inputs, failures } = await (await provider()).check({ ...VALID, regionId: value, timeouts: TIMEOUTS }, { ...VALID });
    expect(regionFailures(failures)).toHaveLength(1);
    expect(inputs.regionId).toBeUndefined();
  });

  it("olds with no regionId at all (import: olds {} ) is refused at check", async () => {
    const { failures } = await (await provider()).check({}, { ...VALID });
    expect(regionFailures(failures)).toHaveLength(1);
  });

  // Olds are the last checked inputs: an unknown there (never stored by the engine) is not a region.
  it("olds regionId holding the unknown sentinel is not adopted as a region", async () => {
    const { inputs, failures } = await (await provider()).check({ ...VALID, regionId: UNKNOWN }, { ...VALID });
    expect({ region: inputs.regionId, n: regionFailures(failures).length }).toEqual({ region: undefined, n: 1 });
  });

  // A regionId taken from olds goes through the same rule as one given in the program (check.ts FIELD_SCHEMAS.regionId).
  it("olds regionId that is not a region ID is not adopted unchecked", async () => {
    const { inputs, failures } = await (await provider()).check({ ...VALID, regionId: "Not A Region" }, { ...VALID });
    expect(inputs.regionId === "Not A Region" && failures.length === 0).toBe(false);
  });

  it("a valid olds regionId is kept and nothing fails", async () => {
    const { inputs, failures } = await (await provider()).check({ ...VALID, regionId: "cn-qingdao" }, { ...VALID });
    expect(failures).toEqual([]);
    expect(inputs.regionId).toBe("cn-qingdao");
  });

  it("an explicit but invalid news regionId is still reported when olds hold a region", async () => {
    const { failures } = await (await provider()).check({ ...VALID, regionId: "cn-qingdao" }, { ...VALID, regionId: "" });
    expect(regionFailures(failures).length).toBeGreaterThan(0);
  });
});

describe("check: a configured region wins over olds (documented replace)", () => {
  it("olds from cn-hangzhou, config now cn-shanghai: inputs say cn-shanghai and diff replaces regionId", async () => {
    const p = await provider("cn-shanghai");
    const { inputs, failures } = await p.check({ ...VALID, regionId: "cn-hangzhou", timeouts: TIMEOUTS, status: "Active" }, { ...VALID });
    expect(failures).toEqual([]);
    expect(inputs.regionId).toBe("cn-shanghai");
    const outs = { ...VALID, regionId: "cn-hangzhou", status: "Active", timeouts: TIMEOUTS, flowLogId: "fl-x", aggregationInterval: 10 };
    const diff = await p.diff("fl-x", outs, inputs);
    expect(diff.replaces).toContain("regionId");
  });

  it("the region from the environment also wins over olds", async () => {
    const p = await provider(undefined, { ALICLOUD_REGION: "cn-beijing" });
    const { inputs } = await p.check({ ...VALID, regionId: "cn-hangzhou" }, { ...VALID });
    expect(inputs.regionId).toBe("cn-beijing");
  });
});

describe("check: trafficPaths reported once per distinct bad value", () => {
  const messages = async (paths: unknown[]) =>
    (await (await provider("cn-hangzhou")).check({}, { ...VALID, trafficPaths: paths })).failures.filter((f) => f.property === "trafficPaths").map((f) => f.reason);

  it("empty twice, non-string twice: one message each", async () => {
    expect(await messages(["", ""])).toHaveLength(1);
    expect(await messages([5, 5, null, null])).toHaveLength(2);
  });

  it("5 and '5' are different values: both reported", async () => {
    const m = await messages([5, "5"]);
    expect(m.length).toBeGreaterThanOrEqual(1);
    expect(m.some((r) => r.includes("must be a string"))).toBe(true);
  });

  // Keys of distinct values must not collide: a string spelled like a non-string's key is its own value.
  it("a string path equal to a non-string's dedup key is still reported", async () => {
    const alone = await messages(["number:5", "number:5"]); // "must not repeat a value"
    const after = await messages([5, "number:5", "number:5"]);
    expect(after.length).toBe(1 + alone.length);
  });
});

describe("check: the configured region as regionId's default", () => {
  it.each([["CN_Hangzhou"], ["cn hangzhou"], ["cn-hangzhou/x"]])("a configured region %j that is not a region ID fails at check naming regionId and where it came from", async (region) => {
    const { inputs, failures } = await (await provider(region)).check({}, { ...VALID });
    expect(regionFailures(failures)).toHaveLength(1);
    expect(regionFailures(failures)[0]!.reason).toMatch(/^regionId defaults to the configured region \(alicloud:region, .*must be a region ID such as cn-hangzhou/);
    expect(inputs.regionId).toBeUndefined();
  });

  it("from the environment too, and even when the last inputs hold a valid region", async () => {
    const p = new FlowLogProvider({ env: { ALIBABA_CLOUD_REGION: "Hangzhou" }, log: () => undefined });
    await p.configure({ config: { get: () => undefined } });
    const { failures } = (await p.check({ ...VALID, regionId: "cn-hangzhou", timeouts: TIMEOUTS }, { ...VALID })) as Checked;
    expect(regionFailures(failures)).toHaveLength(1);
  });

  it("a program's own regionId is not held to the configured one", async () => {
    const { inputs, failures } = await (await provider("CN_Hangzhou")).check({}, { ...VALID, regionId: "cn-shanghai" });
    expect(failures).toEqual([]);
    expect(inputs.regionId).toBe("cn-shanghai");
  });
});
