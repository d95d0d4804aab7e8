/**
 * update-plan.ts stepKey / describeStep / afterStep and converge.ts MAX_FAILED_TRIES. stepKey's promise: "The step's identity, for
 * telling one step from another (converge counts failures of the same step in a row)"; MAX_FAILED_TRIES: "Most tries in
 * a row of one step that end refused mid-transition or with a lost answer ... a proxy that keeps failing would otherwise
 * be asked until the update's timeout".
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { afterStep, describeStep, planUpdate, stepKey, type UpdateStep } from "../../src/provider/update-plan";
import type { CloudFlowLog, FlowLogInputs } from "../../src/provider/types";
import { Lab } from "./write-faults/harness";

const cloud = (over: Partial<CloudFlowLog>): CloudFlowLog =>
  ({
    flowLogId: "fl-1",
    flowLogName: "",
    description: "",
    regionId: "cn-hangzhou",
    resourceType: "VPC",
    resourceId: "vpc-demo0001",
    trafficType: "All",
    projectName: "p",
    logStoreName: "s",
    aggregationInterval: 10,
    trafficPaths: ["all"],
    resourceGroupId: "rg-acfmdefault0001",
    tags: {},
    ipVersion: "IPv4",
    status: "Active",
    businessStatus: "Normal",
    creationTime: "2026-01-01T00:00:00Z",
    ...over,
  }) as CloudFlowLog;
const desired = (over: Partial<FlowLogInputs>): FlowLogInputs => ({ regionId: "cn-hangzhou", status: "Active", ...over }) as FlowLogInputs;

describe("stepKey (pure)", () => {
  it("different steps get different keys (values, kinds, lone surrogates, keys that look like JSON)", () => {
    const steps: UpdateStep[] = [
      { kind: "activate" },
      { kind: "deactivate" },
      { kind: "modify", params: { flowLogName: "a" } },
      { kind: "modify", params: { description: "a" } },
      { kind: "modify", params: { flowLogName: "a", description: "b" } },
      { kind: "modify", params: { flowLogName: "\uD800" } },
      { kind: "modify", params: { flowLogName: "\uDC00" } },
      { kind: "tag", tags: [{ key: "a", value: "1" }] },
      { kind: "tag", tags: [{ key: "a", value: "2" }] },
      { kind: "tag", tags: [{ key: 'a","value":"1', value: "" }] },
      { kind: "untag", keys: ["a"] },
      { kind: "untag", keys: ["a", "b"] },
      { kind: "untag", keys: ["a,b"] },
      { kind: "move", resourceGroupId: "rg-1" },
      { kind: "move", resourceGroupId: "rg-2" },
    ];
    expect(new Set(steps.map(stepKey)).size).toBe(steps.length);
  });

  it("the same plan seen twice gets the same key", () => {
    const c = cloud({ tags: { a: "1" }, status: "Inactive" });
    const d = desired({ tags: { b: "2" }, flowLogName: "n", description: "d", aggregationInterval: 5 });
    expect(planUpdate(c, d).map(stepKey)).toEqual(planUpdate(structuredClone(c), structuredClone(d)).map(stepKey));
  });

  // DescribeFlowLogs documents no order of Tags.Tag, and the keys come out in the listing's order (tags.ts tagChanges):
  // one UnTagResources of the same keys must keep one identity from look to look.
  it("UnTagResources of the same keys, the cloud listing the tags in another order: one step, one key", () => {
    const d = desired({ tags: {} });
    const first = planUpdate(cloud({ tags: { a: "1", b: "2", c: "3" } }), d)[0]!;
    const second = planUpdate(cloud({ tags: { c: "3", a: "1", b: "2" } }), d)[0]!;
    expect(describeStep(first)).toBe(describeStep(second));
    expect(stepKey(second)).toBe(stepKey(first));
  });
});

describe("afterStep (pure): the flow log as an accepted step leaves it, for a failure's state", () => {
  it("applying every planned step leaves nothing to plan (a status change shows as its transition)", () => {
    const from = cloud({ status: "Inactive", flowLogName: "n0", tags: { a: "1", gone: "x", "aliyun:sys": "s" } });
    const want = desired({ status: "Active", flowLogName: "n1", description: "d", aggregationInterval: 5, tags: { a: "2", b: "3" }, resourceGroupId: "rg-2" });
    let now = from;
    for (const step of planUpdate(from, want)) now = afterStep(now, step);
    expect(planUpdate(now, want)).toEqual([]);
    expect(now).toMatchObject({ status: "Activating", flowLogName: "n1", description: "d", aggregationInterval: 5, resourceGroupId: "rg-2" });
    // System tags are not the update's: kept as listed.
    expect(now.tags).toEqual({ a: "2", b: "3", "aliyun:sys": "s" });
    expect(afterStep(cloud({ status: "Active" }), { kind: "deactivate" }).status).toBe("Deactivating");
  });

  it("keeps a tag keyed __proto__ as an own key and leaves the sighting it starts from unchanged", () => {
    const from = cloud({ tags: {} });
    const after = afterStep(from, { kind: "tag", tags: [{ key: "__proto__", value: "v" }] });
    expect(Object.keys(after.tags)).toEqual(["__proto__"]);
    expect(from.tags).toEqual({});
    expect(Object.keys(afterStep(after, { kind: "untag", keys: ["__proto__"] }).tags)).toEqual([]);
  });
});

describe("converge against the emulator when the listing's tag order varies", () => {
  let lab: Lab;
  let flip = false;
  let reorder = true;
  beforeAll(async () => {
    lab = await Lab.start({ activationDelayMs: 60, transitionDelayMs: 80 });
    // Every other DescribeFlowLogs answer lists each flow log's tags in reverse order (same content).
    const forward = lab.forward.bind(lab);
    lab.forward = async (method, path, headers, body) => {
      const answer = await forward(method, path, headers, body);
      const action = String(headers["x-acs-action"] ?? new URL(path, "http://x").searchParams.get("Action") ?? "");
      if (!reorder || action !== "DescribeFlowLogs" || answer.status !== 200) return answer;
      flip = !flip;
      if (!flip) return answer;
      const json = JSON.parse(answer.body.toString("utf8")) as { FlowLogs?: { FlowLog?: { Tags?: { Tag?: unknown[] } }[] } };
      for (const f of json.FlowLogs?.FlowLog ?? []) f.Tags?.Tag?.reverse();
      const out = Buffer.from(JSON.stringify(json));
      return { ...answer, body: out, headers: { ...answer.headers, "content-length": String(out.length) } };
    };
  });
  afterAll(async () => {
    await lab.stop();
  });
  beforeEach(() => lab.clear());

  it("control: the same with the listing's order fixed gives up after 6 tries in a row", async () => {
    reorder = false;
    try {
      const { id, outs } = await lab.create("vpc-demo0882", { tags: { a: "1", b: "2", c: "3" } });
      lab.faults = [{ action: "UnTagResources", landed: false, status: 502, body: "<html>502</html>", times: 1000 }];
      const res = await lab.update(id, outs, "vpc-demo0882", { tags: {}, timeouts: { update: "6s" } });
      expect(res.error?.message).toMatch(/UnTagResources \(3 tag keys\) failed 6 times in a row/);
    } finally {
      reorder = true;
    }
  }, 20_000);

  // A gateway losing every UnTagResources (never landing) must end after 6 tries in a row, as ModifyFlowLogAttribute does
  // (write-faults/bounds.test.ts "6 lost (not landed) ModifyFlowLogAttribute"), with the tags listed in any order.
  it("UnTagResources lost every time: gives up after 6 tries in a row, not at the update's timeout", async () => {
    const { id, outs } = await lab.create("vpc-demo0881", { tags: { a: "1", b: "2", c: "3" } });
    lab.faults = [{ action: "UnTagResources", landed: false, status: 502, body: "<html>502</html>", times: 1000 }];
    const res = await lab.update(id, outs, "vpc-demo0881", { tags: {}, timeouts: { update: "6s" } });
    expect(res.error?.message).toMatch(/failed 6 times in a row/);
    expect(res.error?.message).not.toMatch(/within 6s/);
  }, 20_000);
});
