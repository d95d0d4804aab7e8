// Whole `pulumi` runs under the mini engine (src/testing/engine.ts) with the real
// dynamic-provider process: args wrapped in pulumi.secret, every replace-only field, every in-place field. The program
// uses the BUILT package through Node's require (as the fixture does), so `__provider` is serialized from dist.
// After each step the emulator's flow logs are asserted against the state. Needs `npm run build`.
import { describe, expect, it } from "vitest";
import { args, useLab, type Lab } from "./lab";
import { FlowLog, pulumi, type FlowLogArgs } from "./built-package";

let lab: Lab;
useLab(
  (started) => {
    lab = started;
  },
  { activationDelayMs: 100, transitionDelayMs: 100, userDefinedTrafficPath: true },
);

function program(name: string, make: () => FlowLogArgs) {
  return () => {
    const log = new FlowLog(name, make());
    return { id: log.flowLogId, description: log.description, tags: log.tags };
  };
}

const byName = (flowLogName: string) => lab.emulator.flowLogs().filter((f) => f.flowLogName === flowLogName);

describe("args wrapped in pulumi.secret", () => {
  const DESC = "very-secret-description-7731";
  const TAGV = "very-secret-tag-value-5519";
  it("description and a tag value stay encrypted in the state after up, refresh and an update; outputs are secret", async () => {
    const eng = lab.engine();
    const make = (d: string) => () =>
      ({ ...args("vpc-demo0751", { flowLogName: "rv-secret" }), description: pulumi.secret(d), tags: { team: pulumi.secret(TAGV) } }) as unknown as FlowLogArgs;
    const first = await eng.up(program("sec", make(DESC)));
    expect(first.secretOutputs).toEqual(expect.arrayContaining(["description", "tags"]));
    expect(eng.stateJson()).not.toContain(DESC);
    expect(eng.stateJson()).not.toContain(TAGV);
    await eng.refresh();
    expect(eng.stateJson()).not.toContain(DESC);
    expect(eng.stateJson()).not.toContain(TAGV);
    await eng.up(program("sec", make(`${DESC}-2`)));
    expect(eng.stateJson()).not.toContain(DESC);
    expect(byName("rv-secret").map((f) => f.description)).toEqual([`${DESC}-2`]);
    await eng.destroy();
    expect(byName("rv-secret")).toEqual([]);
  }, 60_000);
});

describe("replace-only fields, one after another on one FlowLog", () => {
  it("each change replaces; afterwards exactly one flow log exists and it is the one in the state", async () => {
    const eng = lab.engine();
    let a: Record<string, unknown> = args("vpc-demo0761", { flowLogName: "rv-rep" });
    const steps: [string, Record<string, unknown>][] = [
      ["trafficType", { trafficType: "Drop" }],
      ["projectName", { projectName: "demo-project", logStoreName: "demo-logstore" }],
      ["trafficPaths", { trafficPaths: ["natGateway", "vpnGateway"] }],
      ["regionId", { regionId: "cn-shanghai" }],
      ["resourceId", { resourceId: "vpc-demo0762" }],
      ["resourceType", { resourceType: "VSwitch", resourceId: "vsw-demo0762" }],
    ];
    await eng.up(program("rep", () => a as unknown as FlowLogArgs));
    let previous = eng.state().resources[0]!.id;
    for (const [label, change] of steps) {
      a = { ...a, ...change };
      const run = await eng.up(program("rep", () => a as unknown as FlowLogArgs));
      const ops = run.events.filter((e) => e.phase === "done").map((e) => e.op);
      expect(ops, label).toContain("replace");
      const state = eng.state().resources;
      expect(state.length, label).toBe(1);
      const cloud = byName("rv-rep");
      expect(cloud.map((f) => f.flowLogId), label).toEqual([state[0]!.id]);
      expect(state[0]!.id, label).not.toBe(previous);
      expect(cloud[0]!.resourceId, label).toBe(a.resourceId);
      expect(cloud[0]!.regionId, label).toBe((a.regionId as string | undefined) ?? "cn-hangzhou");
      previous = state[0]!.id;
    }
    await eng.destroy();
    expect(byName("rv-rep")).toEqual([]);
  }, 120_000);
});

describe("in-place fields, one at a time (Lab steps)", () => {
  it.each([
    ["flowLogName", "renamed", "flowLogName"],
    ["description", "new description", "description"],
    ["aggregationInterval", 1, "aggregationInterval"],
    ["ipVersion", "DualStack", "ipVersion"],
    ["status", "Inactive", "status"],
    ["resourceGroupId", "rg-acfmdemo0002", "resourceGroupId"],
  ])("%s -> %j: same id, cloud follows, next diff clean", async (field, value, cloudField) => {
    const vpc = `vpc-demo07${70 + ["flowLogName", "description", "aggregationInterval", "ipVersion", "status", "resourceGroupId"].indexOf(field)}`;
    const a = args(vpc, { flowLogName: "inplace", description: "d", aggregationInterval: 5, ipVersion: "IPv4" });
    const e = await lab.create(`ip-${field}`, a);
    const next = { ...a, [field]: value };
    const { entry, op } = await lab.up(e, next);
    expect(op).toBe("update");
    expect(entry.id).toBe(e.id);
    const cloud = lab.emulator.flowLogs().filter((f) => f.resourceId === vpc);
    expect(cloud.map((f) => f.flowLogId)).toEqual([e.id]);
    expect((cloud[0] as unknown as Record<string, unknown>)[cloudField]).toEqual(value);
    expect(entry.outputs[field]).toEqual(value);
    expect((await lab.diff(entry, next)).diff.changes).toBe("none");
    await lab.delete(entry);
    expect(lab.emulator.flowLogs().filter((f) => f.resourceId === vpc)).toEqual([]);
  });

  it("tags: add, change, remove one, then {} removes all", async () => {
    const vpc = "vpc-demo0779";
    let e = await lab.create("ip-tags", args(vpc, { tags: { a: "1", b: "2" } }));
    for (const tags of [{ a: "1", b: "3", c: "4" }, { a: "1" }, {}]) {
      e = (await lab.up(e, args(vpc, { tags }))).entry;
      const cloud = lab.emulator.flowLogs().filter((f) => f.resourceId === vpc);
      expect(cloud.map((f) => f.flowLogId)).toEqual([e.id]);
      expect(e.outputs.tags).toEqual(tags);
    }
    await lab.delete(e);
  });
});

describe("two FlowLogs trading resources in one update", () => {
  // Each replacement captures a new resource, so each creates first (logging never stops), and each new one is refused:
  // the other's old flow log still holds that resource. The update fails, names the way out, and leaves the old pair.
  it("both creates are refused with advice to move in two updates; the old flow logs stay, nothing orphaned", async () => {
    const eng = lab.engine();
    const pair = (a: string, b: string) => () => {
      const x = new FlowLog("trade-x", args(a, { flowLogName: "rv-trade-x" }) as unknown as FlowLogArgs);
      const y = new FlowLog("trade-y", args(b, { flowLogName: "rv-trade-y" }) as unknown as FlowLogArgs);
      return { x: x.flowLogId, y: y.flowLogId };
    };
    await eng.up(pair("vpc-demo0791", "vpc-demo0792"));
    const before = eng.state().resources.map((r) => r.id).sort();
    const failure = await eng.up(pair("vpc-demo0792", "vpc-demo0791")).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(String((failure as Error | undefined)?.message)).toMatch(/make the move in two updates/);
    expect(eng.state().resources.map((r) => r.id).sort()).toEqual(before);
    const cloud = lab.emulator.flowLogs().filter((f) => f.flowLogName?.startsWith("rv-trade-"));
    expect(cloud.map((f) => f.flowLogId).sort()).toEqual(before);
    await eng.destroy();
    expect(lab.emulator.flowLogs().filter((f) => f.flowLogName?.startsWith("rv-trade-"))).toEqual([]);
  }, 60_000);
});

describe("no secret", () => {
  it("nothing seen holds the STS secret or token", () => {
    expect(lab.leaks()).toEqual([]);
  });
});
