/**
 * FlowLog under Pulumi's mocks, from the BUILT package (`npm run build` first), as a user's program imports it.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";

const requireHere = createRequire(__filename);
const root = path.resolve(__dirname, "../..");

interface Registered {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}
const registered: Registered[] = [];

type FlowLogCtor = new (name: string, args: Record<string, unknown>, opts?: pulumi.CustomResourceOptions) => pulumi.CustomResource & {
  flowLogId: pulumi.Output<string>;
  resourceGroupId: pulumi.Output<string>;
  status: pulumi.Output<string>;
};
let FlowLog: FlowLogCtor;

beforeAll(async () => {
  if (!existsSync(path.join(root, "dist/index.js"))) throw new Error("dist/ is missing: run `npm run build` before these tests");
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered.push({ type: args.type, name: args.name, inputs: args.inputs as Record<string, unknown> });
        const id = "fl-mock0001";
        return { id, state: { ...args.inputs, flowLogId: id, resourceGroupId: "rg-acfmdefault0001", status: "Active" } };
      },
      call: () => ({}),
    },
    "project",
    "stack",
    false,
  );
  FlowLog = (requireHere("pulumi-alicloud-flowlog") as { FlowLog: FlowLogCtor }).FlowLog;
});

function value<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

describe("FlowLog", () => {
  it("registers its own type with the serialized shim, without changing the caller's args", async () => {
    const args = { resourceType: "VPC", resourceId: "vpc-demo0001", trafficType: "All", projectName: "flowlog-project", logStoreName: "flowlog-store", timeouts: { create: "5m" } };
    const copy = structuredClone(args);
    const log = new FlowLog("web", args);
    expect(await value(log.flowLogId)).toBe("fl-mock0001");
    expect(await value(log.resourceGroupId)).toBe("rg-acfmdefault0001");
    expect(await value(log.status)).toBe("Active");
    expect(args).toEqual(copy);

    const entry = registered.find((r) => r.name === "web");
    expect(entry?.type).toBe("pulumi-nodejs:dynamic/alicloud-flowlog:FlowLog");
    expect(entry?.inputs).toMatchObject({ ...args });
    const golden = readFileSync(path.join(__dirname, "../provider/fixtures/shim.golden.txt"), "utf8");
    expect(entry?.inputs.__provider).toBe(golden);
  });

  it("declares every output, so class fields do not hide them (ES2022 target)", () => {
    const log = new FlowLog("second", { resourceType: "VPC", resourceId: "vpc-demo0002", trafficType: "All", projectName: "flowlog-project", logStoreName: "flowlog-store" });
    for (const name of ["flowLogId", "resourceGroupId", "status", "businessStatus", "creationTime", "regionId", "tags", "trafficPaths", "flowLogDeliverStatus"]) {
      expect(pulumi.Output.isInstance((log as unknown as Record<string, unknown>)[name]), name).toBe(true);
    }
  });
});
