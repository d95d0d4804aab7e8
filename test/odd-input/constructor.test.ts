// The constructor path under pulumi.runtime.setMocks (Pulumi's unit-testing docs), with odd-but-valid inputs: plain,
// Output, Promise, secret, null-prototype. FlowLog comes from the BUILT package: `npm run build` first.
import vm from "node:vm";
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { useMockedPackage } from "./helpers/mocked-package";
import { isWireSecret } from "../../src/testing/values";
import { CHAR_TAGS, DESCRIPTION_256, NAME_128, PROTO_TAGS } from "./odd";

/** A registered input with a secret wrapper (the mock monitor keeps it) unwrapped. */
const plain = (v: unknown): unknown => (isWireSecret(v) ? v.value : v);

type Pkg = typeof import("pulumi-alicloud-flowlog");
const BASE = { resourceType: "VPC", trafficType: "All", projectName: "flowlog-project", logStoreName: "flowlog-store" } as const;
const mocked = useMockedPackage();
const { registered, registration } = mocked;
let pkg: Pkg;
beforeAll(() => {
  pkg = mocked.pkg();
});

function value<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

const ALL = { ...PROTO_TAGS, ...CHAR_TAGS };

describe("odd tags under setMocks", () => {
  it("20 tags keyed like Object.prototype members (then, toJSON, length...) and odd characters: registered and resolved unchanged", async () => {
    const log = new pkg.FlowLog("all-odd", { ...BASE, resourceId: "vpc-demo0001", tags: ALL, flowLogName: NAME_128, description: DESCRIPTION_256 });
    expect(await value(log.tags)).toEqual(ALL);
    expect(await value(log.flowLogName)).toBe(NAME_128);
    expect((await registration("all-odd")).inputs.tags).toEqual(ALL);
  });

  it("tags as an Output, a Promise, a secret, with Output values, and as a null-prototype object", async () => {
    const nullProto = Object.assign(Object.create(null) as Record<string, string>, PROTO_TAGS);
    const cases: Record<string, pulumi.Input<Record<string, pulumi.Input<string>>>> = {
      "t-output": pulumi.output(ALL),
      "t-promise": Promise.resolve(ALL),
      "t-secret": pulumi.secret(ALL),
      "t-values": { toString: pulumi.output("a"), then: pulumi.secret("b"), toJSON: Promise.resolve("c"), length: "3" },
      "t-nullproto": nullProto,
    };
    const want: Record<string, Record<string, string>> = {
      "t-output": ALL,
      "t-promise": ALL,
      "t-secret": ALL,
      "t-values": { toString: "a", then: "b", toJSON: "c", length: "3" },
      "t-nullproto": { ...PROTO_TAGS },
    };
    let n = 10;
    for (const [name, tags] of Object.entries(cases)) {
      const log = new pkg.FlowLog(name, { ...BASE, resourceId: `vpc-demo00${n++}`, tags });
      expect(await value(log.tags)).toEqual(want[name]);
      expect(plain((await registration(name)).inputs.tags)).toEqual(want[name]);
    }
  });

  it("the import option with odd tags / text registers without a rejection, as the input importId (no engine import)", async () => {
    const log = new pkg.FlowLog("adopt", { ...BASE, resourceId: "vpc-demo0020", tags: ALL, description: "a\u0000b" }, { import: "fl-abc" });
    expect(await value(log.tags)).toEqual(ALL);
    const adopt = await registration("adopt");
    expect(adopt.id).toBe("");
    expect(plain(adopt.inputs.importId)).toBe("fl-abc");
  });

  // A program gets such a key from JSON (JSON.parse, config.requireObject keep "__proto__" as an own key); Pulumi's
  // serializer would drop it (it assigns keys: the prototype is set instead), so the constructor refuses it by name.
  it("a tags map from JSON with a __proto__ key is refused at construction, naming tags and the key", () => {
    const tags = JSON.parse('{"__proto__": "x", "team": "net"}') as Record<string, string>;
    const before = registered.length;
    expect(() => new pkg.FlowLog("proto-json", { ...BASE, resourceId: "vpc-demo0021", tags })).toThrow(
      'FlowLog "proto-json": tags cannot have a key named "__proto__"',
    );
    expect(registered.length).toBe(before);
  });
});

describe("other odd inputs under setMocks", () => {
  it("trafficPaths as an Output list and a list of Outputs; name as a Promise; interval as an Output", async () => {
    const log = new pkg.FlowLog("paths", {
      ...BASE,
      resourceId: "vpc-demo0030",
      trafficPaths: pulumi.output(["vpnGateway", "natGateway"]),
      flowLogName: Promise.resolve("%20 trailing "),
      aggregationInterval: pulumi.output(5 as const),
      ipVersion: pulumi.secret("IPv4" as const),
    });
    expect(await value(log.trafficPaths)).toEqual(["vpnGateway", "natGateway"]);
    const inputs = Object.fromEntries(Object.entries((await registration("paths")).inputs).map(([k, v]) => [k, plain(v)]));
    expect(inputs).toMatchObject({ trafficPaths: ["vpnGateway", "natGateway"], flowLogName: "%20 trailing ", aggregationInterval: 5, ipVersion: "IPv4" });
    const log2 = new pkg.FlowLog("paths2", { ...BASE, resourceId: "vpc-demo0031", trafficPaths: [pulumi.output("all")] });
    expect(await value(log2.trafficPaths)).toEqual(["all"]);
  });
});

// Pulumi's registration labels every input with `${value}` (rpc.js transferProperties), which throws for a map with an
// own "toString" key (src/resource/flow-log.ts labelSafe). A tags map built in another realm (node:vm, as config
// loaders and sandboxes do) or a class instance carrying an own "toString" tag is a valid Record<string, string> for
// FlowLogArgs.tags, and must register as any other map does, not end in an unhandled "Cannot convert object to
// primitive value".
describe("tags maps that are not this realm's plain objects", () => {
  it("a tags map made in a node:vm context with a toString key registers and resolves", async () => {
    const foreign = vm.runInNewContext('({ toString: "a", team: "net" })') as Record<string, string>;
    const log = new pkg.FlowLog("realm", { ...BASE, resourceId: "vpc-demo0040", tags: foreign });
    expect(plain((await registration("realm")).inputs.tags)).toEqual({ toString: "a", team: "net" });
    expect(await value(log.tags)).toEqual({ toString: "a", team: "net" });
  });

  it("a class instance with an own toString tag registers and resolves", async () => {
    class Tags {
      [key: string]: string;
      constructor() {
        this.toString = "a" as never;
        this.team = "net";
      }
    }
    const log = new pkg.FlowLog("class", { ...BASE, resourceId: "vpc-demo0041", tags: new Tags() });
    expect(plain((await registration("class")).inputs.tags)).toEqual({ toString: "a", team: "net" });
    expect(await value(log.tags)).toEqual({ toString: "a", team: "net" });
  });
});
