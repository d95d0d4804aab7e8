// A whole `pulumi preview` / `up` under the mini engine (src/testing/engine.ts) with the real dynamic-provider process,
// where one FlowLog's arguments come from another's outputs not known at preview (mock-inputs.ts turns them into the
// unknown sentinel): check does not refuse them, and diff says "may change" or "may replace" as each field's rule says
// (README's replacing / in-place lists). Also: each argument given as pulumi.secret stays secret.
import { describe, expect, it } from "vitest";
import type { EngineEvent } from "../../src/testing";
import { args, useLab, type Lab } from "./lab";
import { FlowLog, pulumi, type FlowLogArgs } from "./built-package";

let lab: Lab;
useLab(
  (started) => {
    lab = started;
  },
  { activationDelayMs: 100, transitionDelayMs: 100, userDefinedTrafficPath: true },
);

const done = (events: readonly EngineEvent[]) =>
  events.filter((e) => e.phase === "done").map((e) => `${e.name}:${e.op}${e.detail ? `(${e.detail})` : ""}`).sort();

describe("unknown values at preview", () => {
  it("every argument of b taken from a's flowLogId: preview passes; replacing a makes b 'may replace'", async () => {
    let aVpc = "vpc-demo0401";
    const program = () => {
      const a = new FlowLog("a", args(aVpc, { flowLogName: "a" }) as unknown as FlowLogArgs);
      const late = <T>(value: T) => a.flowLogId.apply(() => value);
      const b = new FlowLog("b", {
        resourceType: late("VPC"),
        resourceId: late("vpc-demo0402"),
        trafficType: late("All"),
        projectName: late("flowlog-project"),
        logStoreName: late("flowlog-store"),
        flowLogName: a.flowLogId,
        description: late("b"),
        aggregationInterval: late(5),
        trafficPaths: [late("natGateway"), "vpnGateway"],
        resourceGroupId: late("rg-acfmdemo0002"),
        tags: { src: a.flowLogId, fixed: "x" },
        ipVersion: late("IPv4"),
        regionId: late("cn-hangzhou"),
        status: late("Active"),
        timeouts: { create: late("5m") },
      } as unknown as FlowLogArgs);
      return { b: b.flowLogId };
    };
    const eng = lab.engine();
    const preview = await eng.preview(program);
    expect(done(preview.events)).toEqual(["a:create", "b:create"]);
    const up = await eng.up(program);
    expect(done(up.events)).toEqual(["a:create", "b:create"]);
    try {
      expect(done((await eng.up(program)).events)).toEqual(["a:same", "b:same"]);
      // a is replaced (another VPC): its flowLogId is unknown at preview, so every argument of b is.
      aVpc = "vpc-demo0403";
      const p2 = await eng.preview(program);
      const bStep = p2.events.find((e) => e.name === "b" && e.phase === "done")!;
      expect(bStep.op).toBe("replace");
      expect(bStep.detail!.split(",").sort()).toEqual(
        ["logStoreName", "projectName", "regionId", "resourceId", "resourceType", "trafficPaths", "trafficType"].sort(),
      );
    } finally {
      await eng.destroy();
    }
  }, 60_000);
});

describe("secrets", () => {
  it("each argument given as pulumi.secret stays secret in outputs and never shows in the state in plain text", async () => {
    const SECRET = {
      resourceId: "vpc-demo0411",
      flowLogName: "secret-name-4411",
      description: "secret-description-4411",
      tagValue: "secret-tag-4411",
      trafficPath: "gatewayLoadBalancerEndpoint",
    };
    const program = () => {
      const log = new FlowLog("s", {
        resourceType: "VPC",
        resourceId: pulumi.secret(SECRET.resourceId),
        trafficType: pulumi.secret("Drop"),
        projectName: "flowlog-project",
        logStoreName: "flowlog-store",
        flowLogName: pulumi.secret(SECRET.flowLogName),
        description: pulumi.secret(SECRET.description),
        aggregationInterval: pulumi.secret(5),
        trafficPaths: pulumi.secret([SECRET.trafficPath]),
        resourceGroupId: pulumi.secret("rg-acfmdemo0002"),
        tags: pulumi.secret({ team: SECRET.tagValue }),
        ipVersion: pulumi.secret("IPv4"),
      } as unknown as FlowLogArgs);
      return {
        resourceId: log.resourceId,
        trafficType: log.trafficType,
        flowLogName: log.flowLogName,
        description: log.description,
        aggregationInterval: log.aggregationInterval,
        trafficPaths: log.trafficPaths,
        resourceGroupId: log.resourceGroupId,
        tags: log.tags,
        ipVersion: log.ipVersion,
        id: log.flowLogId,
      };
    };
    const eng = lab.engine();
    const up = await eng.up(program);
    try {
      expect([...up.secretOutputs].sort()).toEqual(
        ["aggregationInterval", "description", "flowLogName", "ipVersion", "resourceGroupId", "resourceId", "tags", "trafficPaths", "trafficType"].sort(),
      );
      const json = eng.stateJson();
      for (const value of Object.values(SECRET)) expect(json, value).not.toContain(value);
      expect(done((await eng.up(program)).events)).toEqual(["s:same"]);
      await eng.refresh();
      const json2 = eng.stateJson();
      for (const value of Object.values(SECRET)) expect(json2, value).not.toContain(value);
    } finally {
      await eng.destroy();
    }
  }, 60_000);
});
