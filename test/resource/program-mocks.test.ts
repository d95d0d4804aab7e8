/**
 * A program author's view: unit-testing a user program with pulumi.runtime.setMocks, as Pulumi's docs teach
 * (https://www.pulumi.com/docs/iac/guides/testing/unit/): mocks that echo inputs and invent an id. FlowLog comes from the
 * BUILT package through its name (Node's require, as in a user's project). Needs `npm run build`. What a generated
 * provider such as @pulumi/alicloud's vpc.FlowLog offers is expected here too: isInstance by type token, a static get,
 * customTimeouts honoured.
 */
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";

const requireHere = createRequire(__filename);
const ROOT = path.join(__dirname, "../..");

type Pkg = typeof import("pulumi-alicloud-flowlog");
let pkg: Pkg;
const registered: pulumi.runtime.MockResourceArgs[] = [];

/** A resource of another package whose outputs feed the FlowLog (as alicloud.vpc.Network's id would). */
class Network extends pulumi.CustomResource {
  declare readonly vpcName: pulumi.Output<string>;
  constructor(name: string) {
    super("test:index:Network", name, { vpcName: "net" });
  }
}

function value<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

const BASE = { resourceType: "VPC", trafficType: "All", projectName: "flowlog-project", logStoreName: "flowlog-store" } as const;

beforeAll(async () => {
  // No credentials, no endpoint, no region: a unit test must not need any.
  for (const k of Object.keys(process.env)) if (/^(ALIBABA_CLOUD|ALICLOUD)_/.test(k)) delete process.env[k];
  await pulumi.runtime.setMocks(
    {
      // The docs' mocks: id = name + "_id", state = the inputs.
      newResource: (args) => {
        registered.push(args);
        return { id: `${args.name}_id`, state: args.inputs };
      },
      call: (args) => args.inputs,
    },
    "project",
    "stack",
    false,
  );
  pkg = requireHere("pulumi-alicloud-flowlog") as Pkg;
});

describe("FlowLog under the docs' setMocks", () => {
  it("constructs with Output inputs from another resource; inputs and outputs resolve; no credentials needed", async () => {
    const net = new Network("vpc-demo0001");
    const log = new pkg.FlowLog("web", {
      ...BASE,
      resourceId: net.id,
      tags: { team: net.vpcName },
      description: pulumi.secret("owned by team net"),
    });
    expect(await value(log.id)).toBe("web_id");
    expect(await value(log.resourceId)).toBe("vpc-demo0001_id");
    expect(await value(log.tags)).toEqual({ team: "net" });
    expect(await pulumi.isSecret(log.description)).toBe(true);
    const web = registered.find((r) => r.name === "web")!;
    expect(web.type).toBe("pulumi-nodejs:dynamic/alicloud-flowlog:FlowLog");
    expect(web.inputs.resourceId).toBe("vpc-demo0001_id");
    expect(typeof web.inputs.__provider).toBe("string");
  });

  // Pulumi's registration labels each input with `${value}` (rpc.js transferProperties, safeToString): a tags object
  // with an own "toString" key has no callable toString, and the template throws "Cannot convert object to primitive
  // value" as an unhandled rejection. The tag rules allow such keys (they only bar aliyun / acs: / http(s)://).
  it("tags keyed toString / valueOf / constructor register and resolve (and so do such keys in timeouts)", async () => {
    const tags = { toString: "a", valueOf: "b", constructor: "c", hasOwnProperty: "d" };
    const log = new pkg.FlowLog("proto-keys", { ...BASE, resourceId: "vpc-demo0006", tags, trafficPaths: ["all"] });
    expect(await value(log.tags)).toEqual(tags);
    const inputs = registered.find((r) => r.name === "proto-keys")!.inputs;
    expect(inputs.tags).toEqual(tags);
    expect(Object.getOwnPropertySymbols(inputs.tags)).toEqual([]);
    expect(inputs.trafficPaths).toEqual(["all"]);
    const odd = { toString: "5m" } as never;
    new pkg.FlowLog("proto-timeouts", { ...BASE, resourceId: "vpc-demo0007", timeouts: odd });
    for (let i = 0; i < 100 && !registered.some((r) => r.name === "proto-timeouts"); i++) await new Promise((r) => setTimeout(r, 10));
    expect(registered.find((r) => r.name === "proto-timeouts")!.inputs.timeouts).toEqual({ toString: "5m" });
  });

  // @pulumi/alicloud's generated isInstance compares obj.__pulumiType with its own type token; CustomResource.isInstance
  // alone is true for any custom resource.
  it("FlowLog.isInstance is true for a FlowLog, false for another custom resource", () => {
    const net = new Network("other");
    const log = new pkg.FlowLog("guard", { ...BASE, resourceId: "vpc-demo0002" });
    expect(pkg.FlowLog.isInstance(log)).toBe(true);
    expect(pkg.FlowLog.isInstance(net)).toBe(false);
    expect(pkg.FlowLog.isInstance(undefined)).toBe(false);
  });

  it("FlowLog.get reads an existing flow log by id (the engine's read), with the region given", async () => {
    const got = pkg.FlowLog.get("existing", "fl-abc123", { regionId: "cn-shanghai" });
    expect(pkg.FlowLog.isInstance(got)).toBe(true);
    expect(await value(got.id)).toBe("fl-abc123");
    const read = registered.find((r) => r.name === "existing")!;
    expect(read.type).toBe(pkg.FlowLog.__pulumiType);
    expect(read.id).toBe("fl-abc123");
    expect(read.inputs.regionId).toBe("cn-shanghai");
    expect(typeof read.inputs.__provider).toBe("string");
  });

  // customTimeouts never reach a dynamic provider themselves (the dynamic-provider server ignores the request's timeout).
  it("customTimeouts stand for timeouts when the args give none; the args' timeouts win when given", async () => {
    new pkg.FlowLog("timed", { ...BASE, resourceId: "vpc-demo0003" }, { customTimeouts: { create: "2m", delete: "3m" } });
    new pkg.FlowLog("both", { ...BASE, resourceId: "vpc-demo0004", timeouts: { create: "7m" } }, { customTimeouts: { create: "2m" } });
    await new Promise((r) => setTimeout(r, 50));
    expect(registered.find((r) => r.name === "timed")!.inputs.timeouts).toEqual({ create: "2m", delete: "3m" });
    expect(registered.find((r) => r.name === "both")!.inputs.timeouts).toEqual({ create: "7m" });
  });

  it("a customTimeouts value FlowLog cannot use fails at construction, naming customTimeouts; Go's units are taken", () => {
    const make = (create: string) => () => new pkg.FlowLog("bad-timeout", { ...BASE, resourceId: "vpc-demo0005" }, { customTimeouts: { create } });
    expect(make("1d")).toThrow('FlowLog "bad-timeout": customTimeouts.create must be a positive duration');
    expect(make("600h")).toThrow('FlowLog "bad-timeout": customTimeouts.create must be at most 24h; got "600h"');
    expect(make("1500000us")).not.toThrow();
  });
});

describe("the package in a plain Node program under mocks", () => {
  // A user's test runner (mocha, jest, node:test) ends when nothing holds the event loop: loading the package and
  // constructing a FlowLog under mocks must leave no timer, socket or agent behind, and make no network call.
  it("require + setMocks + new FlowLog + await outputs: the process ends by itself, quickly, without credentials", () => {
    const script = `
      const pulumi = require("@pulumi/pulumi");
      const net = require("node:net");
      const origConnect = net.Socket.prototype.connect;
      net.Socket.prototype.connect = function (...a) { console.log("CONNECT", JSON.stringify(a[0])); return origConnect.apply(this, a); };
      pulumi.runtime.setMocks({ newResource: (a) => ({ id: a.name + "_id", state: a.inputs }), call: (a) => a.inputs }, "p", "s", false)
        .then(() => {
          const { FlowLog } = require("pulumi-alicloud-flowlog");
          const log = new FlowLog("web", { resourceType: "VPC", resourceId: "vpc-1", trafficType: "All", projectName: "flowlog-project", logStoreName: "flowlog-store" });
          log.id.apply((id) => console.log("ID", id));
        });`;
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: "/nonexistent" };
    const started = Date.now();
    const r = spawnSync(process.execPath, ["-e", script], { cwd: ROOT, env, encoding: "utf8", timeout: 20_000 });
    const elapsed = Date.now() - started;
    // The SDK's closure serializer (createClosure.js) loads node:sys and node:wasi; those two warnings are not ours.
    const stderr = r.stderr
      .split("\n")
      .filter((l) => l.trim() !== "" && !/DEP0025|node --trace-deprecation|WASI is an experimental/.test(l));
    expect(stderr).toEqual([]);
    expect(r.stdout).toContain("ID web_id");
    expect(r.stdout).not.toContain("CONNECT");
    expect(r.signal).toBeNull(); // not killed by the timeout
    expect(r.status).toBe(0);
    expect(elapsed).toBeLessThan(10_000);
  }, 30_000);
});
