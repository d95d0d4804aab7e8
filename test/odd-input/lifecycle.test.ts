// Odd-but-valid inputs through whole `pulumi` runs: the mini engine (setMocks + the real dynamic-provider process over
// gRPC) against the emulator. Loads the BUILT package: `npm run build` first.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadProgramModule } from "../../src/testing/load-program";
import { args, useLab, type Lab } from "../lifecycle/lab";
import type * as Fixture from "./fixtures/program";
import { CHAR_TAGS, DESCRIPTION_256, limitTags, NAME_128, PROTO_TAGS } from "./odd";

const fixture = loadProgramModule(path.join(__dirname, "fixtures/program.ts")) as unknown as typeof Fixture;
const { pulumi } = fixture;

let lab: Lab;
useLab((started) => {
  lab = started;
});

const ops = (events: readonly { phase: string; op: string }[]) => events.filter((e) => e.phase === "done").map((e) => e.op);

/** The cloud's user tags as a map (emulator inspection). */
function cloudTags(id: string): Record<string, string> {
  return Object.fromEntries((lab.cloud(id)?.tags ?? []).map((t) => [t.Key, t.Value]));
}

describe("20 tags keyed like Object.prototype members and odd characters, name/description at their limits", () => {
  it("up, up (same), refresh, up (same), in-place change of every odd field, up (same), destroy", async () => {
    const tags = { ...PROTO_TAGS, ...CHAR_TAGS };
    expect(Object.keys(tags)).toHaveLength(20);
    const first = args("vpc-demo0901", {
      tags,
      flowLogName: NAME_128,
      description: DESCRIPTION_256,
      aggregationInterval: 1,
      ipVersion: "IPv4",
      resourceGroupId: "rg-acfmdemo0002",
      trafficPaths: ["all"],
    });
    fixture.setFlowLogs(() => ({ web: first as never }));
    const eng = lab.engine();
    const up1 = await eng.up(fixture.program);
    expect(ops(up1.events)).toEqual(["create"]);
    const id = eng.state().resources[0]!.id;
    expect(cloudTags(id)).toEqual(tags);
    expect(lab.cloud(id)).toMatchObject({ flowLogName: NAME_128, description: DESCRIPTION_256, aggregationInterval: 1 });
    expect(up1.outputs.webTags).toEqual(tags);
    expect(up1.outputs.webName).toBe(NAME_128);
    expect(up1.outputs.webDescription).toBe(DESCRIPTION_256);
    expect(eng.state().resources[0]!.outputs.tags).toEqual(tags);

    expect(ops((await eng.up(fixture.program)).events)).toEqual(["same"]);
    await eng.refresh();
    expect(eng.state().resources[0]!.outputs.tags).toEqual(tags);
    expect(ops((await eng.up(fixture.program)).events)).toEqual(["same"]);

    // In place: every value changed, half the keys swapped for others, interval 5, name/description other odd text.
    const tags2: Record<string, string> = {};
    Object.entries(tags).forEach(([k, v], i) => {
      if (i % 2 === 0) tags2[k] = `${v}\u0301 changed`;
      else tags2[`${k}\u200B`] = v;
    });
    const second = { ...first, tags: tags2, flowLogName: "trailing  ", description: "e\u0301\u0301 %2F%zz", aggregationInterval: 5, ipVersion: "DualStack", resourceGroupId: "rg-acfmdefault0001" };
    fixture.setFlowLogs(() => ({ web: second as never }));
    const up3 = await eng.up(fixture.program);
    expect(ops(up3.events)).toEqual(["update"]);
    expect(cloudTags(id)).toEqual(tags2);
    expect(lab.cloud(id)).toMatchObject({ flowLogName: "trailing  ", description: "e\u0301\u0301 %2F%zz", aggregationInterval: 5, ipVersion: "DualStack", resourceGroupId: "rg-acfmdefault0001" });
    expect(up3.outputs.webTags).toEqual(tags2);
    await eng.refresh();
    expect(ops((await eng.up(fixture.program)).events)).toEqual(["same"]);

    // tags: {} removes every tag (README).
    fixture.setFlowLogs(() => ({ web: { ...second, tags: {} } as never }));
    expect(ops((await eng.up(fixture.program)).events)).toEqual(["update"]);
    expect(cloudTags(id)).toEqual({});
    await eng.destroy();
    expect(lab.cloud(id)).toBeUndefined();
  }, 60_000);

  it("the largest valid tags (20 keys of 64 emoji, values of 128 CJK), replaced wholesale in place", async () => {
    fixture.setFlowLogs(() => ({ big: args("vpc-demo0902", { tags: limitTags() }) as never }));
    const eng = lab.engine();
    expect(ops((await eng.up(fixture.program)).events)).toEqual(["create"]);
    const id = eng.state().resources[0]!.id;
    expect(cloudTags(id)).toEqual(limitTags());
    fixture.setFlowLogs(() => ({ big: args("vpc-demo0902", { tags: limitTags(20) }) as never }));
    expect(ops((await eng.up(fixture.program)).events)).toEqual(["update"]);
    expect(cloudTags(id)).toEqual(limitTags(20));
    expect(ops((await eng.up(fixture.program)).events)).toEqual(["same"]);
    await eng.destroy();
  }, 60_000);
});

describe("inputs given as Outputs and secrets", () => {
  it("secret tags keyed toString/then and an Output name: created, state marks them secret, no plaintext in the state JSON", async () => {
    const secretValue = "s3cr3t-\u202E-value";
    fixture.setFlowLogs(() => ({
      sec: args("vpc-demo0903", {
        tags: pulumi.secret({ toString: secretValue, then: "t", "a&b=c": "x" }),
        flowLogName: pulumi.output("odd name ").apply((n) => `${n}😀`),
        description: pulumi.secret(pulumi.output("%20 trailing ")),
        trafficPaths: [pulumi.output("all")],
        aggregationInterval: pulumi.output(10),
      }) as never,
    }));
    const eng = lab.engine();
    const up1 = await eng.up(fixture.program);
    expect(ops(up1.events)).toEqual(["create"]);
    const r = eng.state().resources[0]!;
    expect(cloudTags(r.id)).toEqual({ toString: secretValue, then: "t", "a&b=c": "x" });
    expect(lab.cloud(r.id)).toMatchObject({ flowLogName: "odd name 😀", description: "%20 trailing " });
    expect([...r.secretKeys].sort()).toEqual(["description", "tags"]);
    expect(up1.secretOutputs).toEqual(expect.arrayContaining(["secTags", "secDescription"]));
    const json = eng.stateJson();
    expect(json.includes(secretValue) || json.includes(JSON.stringify(secretValue).slice(1, -1))).toBe(false);
    expect(ops((await eng.up(fixture.program)).events)).toEqual(["same"]);
    await eng.refresh();
    expect(ops((await eng.up(fixture.program)).events)).toEqual(["same"]);
    await eng.destroy();
  }, 60_000);
});

describe("the import option under the engine", () => {
  it("a flow log made elsewhere with 20 odd tags: import, then same, then destroy", async () => {
    const tags = { ...PROTO_TAGS, ...CHAR_TAGS };
    const made = await lab.direct().createFlowLog({
      regionId: "cn-hangzhou",
      resourceType: "VPC",
      resourceId: "vpc-demo0908",
      trafficType: "All",
      projectName: "flowlog-project",
      logStoreName: "flowlog-store",
      description: DESCRIPTION_256,
      tag: Object.entries(tags).map(([key, value]) => ({ key, value })),
    });
    const id = String(made.FlowLogId);
    await lab.waitCloud(id, (f) => f?.status === "Active");
    fixture.setFlowLogs(() => ({ imp: args("vpc-demo0908", { tags: pulumi.secret(tags), description: DESCRIPTION_256 }) as never }), { imp: id });
    const eng = lab.engine();
    // The import option adopts through create (no CreateFlowLog: the same id).
    expect(ops((await eng.up(fixture.program)).events)).toEqual(["create"]);
    expect(eng.state().resources[0]!.id).toBe(id);
    expect(eng.state().resources[0]!.outputs.tags).toEqual(tags);
    expect(ops((await eng.up(fixture.program)).events)).toEqual(["same"]);
    await eng.destroy();
    expect(lab.cloud(id)).toBeUndefined();
  }, 60_000);
});

describe("Outputs not known at preview, under odd keys", () => {
  it("b's tags keyed toString / then take a's flowLogId: preview passes (unknown values), up fills them in", async () => {
    fixture.setFlowLogs(() => {
      const { FlowLog } = require("pulumi-alicloud-flowlog") as typeof import("pulumi-alicloud-flowlog");
      const a = new FlowLog("a-src", args("vpc-demo0905") as never);
      return {
        b: args("vpc-demo0906", {
          tags: { toString: a.flowLogId, then: a.flowLogId.apply((id) => `${id}\u0301`), "k=v&x": "%20" },
          description: a.flowLogId.apply((id) => ` %20${id} `),
        }) as never,
      };
    });
    const eng = lab.engine();
    const preview = await eng.preview(fixture.program);
    expect(ops(preview.events).sort()).toEqual(["create", "create"]);
    const up = await eng.up(fixture.program);
    const aId = eng.state().resources.find((r) => r.name === "a-src")!.id;
    const bId = eng.state().resources.find((r) => r.name === "b")!.id;
    expect(ops(up.events).sort()).toEqual(["create", "create"]);
    expect(cloudTags(bId)).toEqual({ toString: aId, then: `${aId}\u0301`, "k=v&x": "%20" });
    expect(lab.cloud(bId)?.description).toBe(` %20${aId} `);
    expect(ops((await eng.up(fixture.program)).events)).toEqual(["same", "same"]);
    await eng.destroy();
  }, 60_000);
});

// JSON (Pulumi config's requireObject, a file) keeps "__proto__" as an own key, and the tag rules allow it; Pulumi's
// serializer cannot carry it (the key would vanish, the flow log made without the tag, every later up "same"). The
// program fails naming it, and nothing is created.
describe("a tag keyed __proto__", () => {
  it("tags from JSON with a __proto__ key: up fails naming it, before any flow log is made", async () => {
    fixture.setFlowLogs(() => ({ p: args("vpc-demo0907", { tags: JSON.parse('{"__proto__": "x", "team": "net"}') }) as never }));
    const eng = lab.engine();
    let error: unknown;
    try {
      await eng.up(fixture.program);
    } catch (e) {
      error = e;
    }
    const id = eng.state().resources[0]?.id;
    try {
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toMatch(/tags cannot have a key named "__proto__"/);
      expect(id).toBeUndefined();
      expect(lab.emulator.flowLogs().filter((f) => f.resourceId === "vpc-demo0907")).toEqual([]);
    } finally {
      if (id !== undefined) await eng.destroy();
    }
  }, 60_000);
});
