/**
 * src/resource/registrable.ts (labelSafe, refuseProtoKey) under pulumi.runtime.setMocks. Promises (labelSafe docstring): the
 * copy "has the same own enumerable string keys, which is all Pulumi serializes of such an object ... so the state and
 * what check sees are unchanged"; Pulumi's registration "cannot throw"; the caller's args are not changed. Each case is
 * compared with what Pulumi serializes for the ORIGINAL value (rpc.serializeProperties -> Struct -> deserializeProperties,
 * the mock monitor's own path). Loads the BUILT package: `npm run build` first.
 */
import vm from "node:vm";
import * as pulumi from "@pulumi/pulumi";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { beforeAll, describe, expect, it } from "vitest";
import { useMockedPackage } from "./helpers/mocked-package";

type Pkg = typeof import("pulumi-alicloud-flowlog");
const BASE = { resourceType: "VPC", trafficType: "All", projectName: "flowlog-project", logStoreName: "flowlog-store" } as const;
const mocked = useMockedPackage();
const { registered, rejections, registration } = mocked;
let pkg: Pkg;
beforeAll(() => {
  pkg = mocked.pkg();
});


/** What the mock monitor would receive for `value` as input `key`, serialized as Pulumi serializes the original. */
async function pulumiWouldSend(key: string, value: unknown): Promise<unknown> {
  const serialized = await pulumi.runtime.serializeProperties("expected", { [key]: value });
  return pulumi.runtime.deserializeProperties(Struct.fromJavaScript(serialized as never))[key];
}

const protoIds = new Map<object | null, number>();
const protoId = (p: object | null) => (protoIds.has(p) ? protoIds.get(p)! : (protoIds.set(p, protoIds.size), protoIds.size - 1));

/** A deep description of a value's own keys, descriptors' kinds and prototypes (to see that nothing was changed). */
function shape(v: unknown, seen = new Set<unknown>()): unknown {
  if (typeof v !== "object" || v === null || seen.has(v)) return v;
  seen.add(v);
  if (pulumi.Output.isInstance(v) || v instanceof Promise) return v;
  return {
    proto: protoId(Object.getPrototypeOf(v)),
    frozen: Object.isFrozen(v),
    keys: Reflect.ownKeys(v).map((k) => {
      const d = Object.getOwnPropertyDescriptor(v, k)!;
      return [String(k), d.enumerable, "value" in d ? shape(d.value, seen) : "accessor"];
    }),
  };
}

let n = 0;
/** Registers a FlowLog with `arg` as `key`; returns the registered input and Pulumi's serialization of the original. */
async function compare(key: "tags" | "trafficPaths" | "timeouts", make: () => unknown) {
  const value = make();
  const args: Record<string, unknown> = { ...BASE, resourceId: `vpc-demo0${100 + n}`, [key]: value };
  const name = `ls-${n++}`;
  const before = shape(args);
  const original = args[key];
  new pkg.FlowLog(name, args as never);
  expect(args[key]).toBe(original); // the caller's object is left in place
  expect(shape(args)).toEqual(before); // ... and unchanged (no key, symbol or prototype added)
  const got = (await registration(name)).inputs[key];
  return { got, want: await pulumiWouldSend(key, make()) };
}

class TagBag {
  [k: string]: string;
  constructor() {
    this.toString = "a" as never;
    this.team = "net";
  }
  get derived(): string {
    return "not own";
  }
}

const TAG_CASES: Record<string, () => unknown> = {
  plain: () => ({ team: "net" }),
  protoNames: () => ({ toString: "s", valueOf: "v", constructor: "c", then: "t", toJSON: "j", length: "5" }),
  frozen: () => Object.freeze({ toString: "a", team: "net" }),
  getter: () => ({ toString: "a", get team() { return "net"; } }),
  nonEnumerable: () => Object.defineProperty({ toString: "a", team: "net" }, "hidden", { value: "x", enumerable: false }),
  proxy: () => new Proxy({ toString: "a", team: "net" }, {}),
  proxyGetTrap: () => new Proxy({ toString: "a", team: "net" } as Record<string, string>, { get: (t, k) => (typeof k === "string" ? `${t[k]}!` : undefined) }),
  map: () => new Map([["team", "net"]]),
  classInstance: () => new TagBag(),
  inheritedEnumerable: () => Object.assign(Object.create({ inherited: "x" }), { toString: "a" }),
  nullProto: () => Object.assign(Object.create(null), { toString: "a", team: "net" }),
  vmRealm: () => vm.runInNewContext('({ toString: "a", team: "net" })'),
  vmNullProto: () => vm.runInNewContext('Object.assign(Object.create(null), { toString: "a" })'),
  symbolKeys: () => ({ [Symbol("s")]: "x", [Symbol.toPrimitive]: () => "p", team: "net" }),
  integerKeys: () => ({ "2": "b", "1": "a", x: "c", toString: "d" }),
  nestedOutputs: () => ({ toString: pulumi.output("a"), s: pulumi.secret("b"), p: Promise.resolve("c") }),
  stringObject: () => new String("ab"),
  output: () => pulumi.output({ toString: "a", team: "net" }),
  secret: () => pulumi.secret({ toString: "a", team: "net" }),
  promise: () => Promise.resolve({ toString: "a", team: "net" }),
  outputOfNullProto: () => pulumi.output(Object.assign(Object.create(null), { toString: "a" })),
  vmPromise: () => vm.runInNewContext('Promise.resolve({ team: "net" })'),
  date: () => new Date(0),
};

describe("tags of every kind register as Pulumi serializes the original", () => {
  for (const [label, make] of Object.entries(TAG_CASES)) {
    it(label, async () => {
      const { got, want } = await compare("tags", make);
      expect(got).toEqual(want);
    });
  }
});

const PATH_CASES: Record<string, () => unknown> = {
  plain: () => ["vpnGateway", "natGateway"],
  holes: () => [, "vpnGateway"], // eslint-disable-line no-sparse-arrays
  longLength: () => Object.assign(["vpnGateway"], { length: 3 }),
  extraProps: () => Object.assign(["vpnGateway"], { extra: "x", toString: "y" }),
  frozen: () => Object.freeze(["vpnGateway"]),
  outputs: () => [pulumi.output("vpnGateway"), pulumi.secret("natGateway"), Promise.resolve("vpcPeering")],
  proxy: () => new Proxy(["vpnGateway"], {}),
  subclass: () => {
    class Paths extends Array<string> {}
    return Paths.from(["vpnGateway", "natGateway"]);
  },
  getterElement: () => Object.defineProperty(["x"], 0, { get: () => "vpnGateway", enumerable: true }),
  elementKeyedToString: () => [{ toString: 1 }],
};

describe("trafficPaths of every kind register as Pulumi serializes the original", () => {
  for (const [label, make] of Object.entries(PATH_CASES)) {
    it(label, async () => {
      const { got, want } = await compare("trafficPaths", make);
      expect(got).toEqual(want);
    });
  }

  // Registers differently (the copy is an array of this realm, Pulumi's serializer tests `instanceof Array`, so it sent the
  // original as {"0": ...}, which check refused). Better than before, but the docstring's "what check sees [is]
  // unchanged" does not hold for it. Recorded as it is now.
  it("an array made in a node:vm context: registered as an array (the original would have gone as an object)", async () => {
    const { got, want } = await compare("trafficPaths", () => vm.runInNewContext('["vpnGateway"]'));
    expect(want).toEqual({ 0: "vpnGateway" });
    expect(got).toEqual(["vpnGateway"]);
  });

  // Pulumi reads an array by index, not by its iterator: the copy must too (a subclass may override the iterator).
  it("an array subclass whose iterator is overridden: registered by its elements, as Pulumi reads it", async () => {
    const { got, want } = await compare("trafficPaths", () => {
      class Unique extends Array<string> {
        override *[Symbol.iterator](): ArrayIterator<string> {
          yield* new Set(Array.prototype.values.call(this));
        }
      }
      return Unique.from(["vpnGateway", "vpnGateway"]);
    });
    expect(got).toEqual(want);
  });

  // An array without Array.prototype (Object.setPrototypeOf(arr, null), as hardened/sandboxed code makes) has no
  // iterator: spreading it would throw from the FlowLog constructor.
  it("a null-prototype array does not make the constructor throw", async () => {
    const { got } = await compare("trafficPaths", () => Object.setPrototypeOf(["vpnGateway"], null));
    expect([JSON.stringify(["vpnGateway"]), JSON.stringify({ 0: "vpnGateway" })]).toContain(JSON.stringify(got));
  });
});

const TIMEOUT_CASES: Record<string, () => unknown> = {
  plain: () => ({ create: "5m" }),
  frozen: () => Object.freeze({ create: "5m", toString: "x" }),
  nullProto: () => Object.assign(Object.create(null), { create: "5m" }),
  vmRealm: () => vm.runInNewContext('({ create: "5m", valueOf: "1" })'),
  output: () => pulumi.output({ create: "5m", toString: "x" }),
};

describe("timeouts of every kind register as Pulumi serializes the original", () => {
  for (const [label, make] of Object.entries(TIMEOUT_CASES)) {
    it(label, async () => {
      const { got, want } = await compare("timeouts", make);
      expect(got).toEqual(want);
    });
  }
});

describe("refuseProtoKey", () => {
  it("refuses own __proto__ in a tags map from JSON of another realm, and in timeouts; the caller's args untouched", () => {
    const tags = vm.runInNewContext('JSON.parse(\'{"__proto__": "x", "team": "net"}\')') as Record<string, string>;
    const args = { ...BASE, resourceId: "vpc-demo0200", tags };
    expect(() => new pkg.FlowLog("proto-vm", args as never)).toThrow(/tags cannot have a key named "__proto__"/);
    expect(args.tags).toBe(tags);
    const timeouts = JSON.parse('{"__proto__": {"create": "1m"}}') as object;
    expect(() => new pkg.FlowLog("proto-t", { ...BASE, resourceId: "vpc-demo0201", timeouts } as never)).toThrow(/timeouts cannot have a key named "__proto__"/);
  });

  it("a Proxy over a JSON map with __proto__ is refused as well", () => {
    const tags = new Proxy(JSON.parse('{"__proto__": "x"}') as object, {});
    expect(() => new pkg.FlowLog("proto-proxy", { ...BASE, resourceId: "vpc-demo0202", tags } as never)).toThrow(/__proto__/);
  });

});

/** `name`'s registration failed (unhandled rejections, one per output property) naming the `__proto__` tag key. */
async function expectRegistrationRefused(name: string): Promise<void> {
  for (let i = 0; i < 100 && rejections.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
  await new Promise((r) => setTimeout(r, 50)); // the rejections of the other output properties
  const failures = rejections.splice(0).map(String);
  expect(failures.length).toBeGreaterThan(0);
  for (const failure of failures) expect(failure).toMatch(/tags cannot have a key named "__proto__"/);
  expect(registered.find((r) => r.name === name)).toBeUndefined();
}

describe("refuseProtoKey: maps from config", () => {
  it("config.requireObject tags with __proto__: refused at construction (README)", () => {
    pulumi.runtime.setConfig("project:tagsPlain", '{"__proto__": "x", "team": "net"}');
    const tags = new pulumi.Config().requireObject<Record<string, string>>("tagsPlain");
    expect(() => new pkg.FlowLog("cfg-plain", { ...BASE, resourceId: "vpc-demo0210", tags })).toThrow(/__proto__/);
  });

  // A Promise of such a map is refused when it resolves: the registration fails naming the key.
  it("a Promise of a JSON tags map with __proto__: the registration fails naming it", async () => {
    const tags = Promise.resolve(JSON.parse('{"__proto__": "x", "team": "net"}') as Record<string, string>);
    new pkg.FlowLog("promise-proto", { ...BASE, resourceId: "vpc-demo0212", tags });
    await expectRegistrationRefused("promise-proto");
  });

  it("config.requireSecretObject tags with __proto__: the registration fails naming it", async () => {
    pulumi.runtime.setConfig("project:tagsSecret", '{"__proto__": "x", "team": "net"}');
    const tags = new pulumi.Config().requireSecretObject<Record<string, string>>("tagsSecret");
    new pkg.FlowLog("cfg-secret", { ...BASE, resourceId: "vpc-demo0211", tags });
    await expectRegistrationRefused("cfg-secret");
  });

  it("a secret tags map without __proto__ keeps its secrecy and keys through the check", async () => {
    pulumi.runtime.setConfig("project:tagsSecret2", '{"toString": "x", "team": "net"}');
    const tags = new pulumi.Config().requireSecretObject<Record<string, string>>("tagsSecret2");
    const log = new pkg.FlowLog("cfg-secret-ok", { ...BASE, resourceId: "vpc-demo0213", tags });
    expect(await pulumi.isSecret(log.tags)).toBe(true);
    expect(await new Promise((r) => log.tags.apply(r))).toEqual({ toString: "x", team: "net" });
  });
});

describe("FlowLog.get and the import option with odd state", () => {
  it("FlowLog.get with regionId as an Output and a frozen state object registers a read", async () => {
    const state = Object.freeze({ regionId: pulumi.output("cn-shanghai") });
    const got = pkg.FlowLog.get("get-odd", "fl-abc", state);
    expect(state.regionId).toBeDefined();
    const id = await new Promise((r) => got.id.apply(r));
    expect(id).toBe("fl-abc");
  });
});
