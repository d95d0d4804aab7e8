/**
 * Tag keys are any text (up to 128 characters): keys named like Object.prototype's members (`constructor`, `toString`,
 * ...) are tags like any other, added, compared and removed (README "`tags: {}` removes every tag"); `__proto__`, which
 * no JavaScript map can carry through Pulumi, is refused at check by name instead of silently dropped.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { checkFlowLogInputs } from "../../src/provider";
import { Lab } from "./write-faults/harness";

let lab: Lab;
let vpc = 100;
const nextVpc = () => `vpc-demo0${++vpc}`;
beforeAll(async () => {
  lab = await Lab.start();
});
afterAll(async () => {
  await lab.stop();
});
beforeEach(() => lab.clear());

const cloudTags = (id: string) => Object.fromEntries((lab.cloud(id)?.tags ?? []).map((t) => [t.Key, t.Value]));
const ARGS = { resourceType: "VPC", trafficType: "All", projectName: "flowlog-project", logStoreName: "flowlog-store" };

async function diffAfter(olds: Record<string, unknown>, resourceId: string, news: Record<string, unknown>) {
  const p = await lab.provider();
  try {
    const inputs = (await p.check(olds, { ...ARGS, resourceId, ...news })).inputs!;
    return await p.diff("x", olds, inputs);
  } finally {
    await p.ctx.close();
  }
}

describe("tag keys named like Object.prototype's members", () => {
  it.each(["constructor", "toString", "hasOwnProperty", "valueOf"])("%s is set, then removed by tags: {}, and the next diff is clean", async (key) => {
    const r = nextVpc();
    const { id, outs } = await lab.create(r, { tags: { [key]: "v", other: "o" } });
    expect(cloudTags(id)).toEqual({ [key]: "v", other: "o" });
    const u = await lab.update(id, outs, r, { tags: {} });
    expect(u.error).toBeUndefined();
    expect(cloudTags(id)).toEqual({});
    expect(u.outs!.tags).toEqual({});
    expect((await diffAfter(u.outs!, r, { tags: {} })).changes).toBe(false);
  });

  it("constructor added by another client is removed when the program names other tags", async () => {
    const r = nextVpc();
    const { id, outs } = await lab.create(r, { tags: { a: "1" } });
    await lab.oob.tagResources({ regionId: "cn-hangzhou", resourceType: "FLOWLOG", resourceId: [id], tag: [{ key: "constructor", value: "x" }] });
    const u = await lab.update(id, { ...outs, tags: { a: "1", constructor: "x" } }, r, { tags: { a: "1" } });
    expect(u.error).toBeUndefined();
    expect(cloudTags(id)).toEqual({ a: "1" });
  });
});

describe("a tag key __proto__", () => {
  it("is refused at check by name, not dropped", () => {
    const tags = JSON.parse('{"__proto__":"x","team":"net"}') as Record<string, string>;
    const { failures } = checkFlowLogInputs({ ...ARGS, resourceId: "vpc-demo0001", tags }, { regionId: "cn-hangzhou" });
    expect(failures).toEqual([{ property: "tags", reason: 'tag key "__proto__" cannot be used: a JavaScript map cannot carry it' }]);
  });
});
