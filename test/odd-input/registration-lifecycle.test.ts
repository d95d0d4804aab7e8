// Registrable inputs (src/resource/registrable.ts labelSafe) through whole runs: the mini engine (setMocks + the real dynamic-provider process over gRPC) against the
// emulator. Promise (labelSafe): the copy changes nothing Pulumi serializes, "so the state and what check
// sees are unchanged": a FlowLog given an odd-but-valid map or list ends with the same cloud object and state as one
// given the equivalent plain value, and a second up is "same". Loads the BUILT package: `npm run build` first.
import path from "node:path";
import vm from "node:vm";
import { describe, expect, it } from "vitest";
import { loadProgramModule } from "../../src/testing/load-program";
import { args, useLab, type Lab } from "../lifecycle/lab";
import type * as Fixture from "./fixtures/registration-program";

const fixture = loadProgramModule(path.join(__dirname, "fixtures/registration-program.ts")) as unknown as typeof Fixture;

let lab: Lab;
useLab((started) => {
  lab = started;
});

const ops = (events: readonly { phase: string; op: string }[]) => events.filter((e) => e.phase === "done").map((e) => e.op);
const cloudTags = (id: string) => Object.fromEntries((lab.cloud(id)?.tags ?? []).map((t) => [t.Key, t.Value]));

class Tags {
  [k: string]: string;
  constructor() {
    this.toString = "s" as never;
    this.team = "net";
  }
}

/** name -> [odd value builder, the plain equivalent] for tags; every odd one has a "toString" key. */
const TAGS: Record<string, [() => unknown, Record<string, string>]> = {
  vm: [() => vm.runInNewContext('({ toString: "s", team: "net" })'), { toString: "s", team: "net" }],
  vmnull: [() => vm.runInNewContext('Object.assign(Object.create(null), { toString: "s", valueOf: "v" })'), { toString: "s", valueOf: "v" }],
  cls: [() => new Tags(), { toString: "s", team: "net" }],
  frozen: [() => Object.freeze({ toString: "s", then: "t" }), { toString: "s", then: "t" }],
  proxy: [() => new Proxy({ toString: "s", constructor: "c" }, {}), { toString: "s", constructor: "c" }],
  getter: [() => ({ toString: "s", get team() { return "net"; } }), { toString: "s", team: "net" }],
  nullp: [() => Object.assign(Object.create(null), { toString: "s", hasOwnProperty: "h" }), { toString: "s", hasOwnProperty: "h" }],
};

describe("odd tags maps through the engine", () => {
  it("each kind: created with the plain equivalent's tags, the state holds them, a second up is same, destroy", async () => {
    const names = Object.keys(TAGS);
    fixture.setBody((pkg) => {
      const out: Record<string, Fixture.Out> = {};
      names.forEach((name, i) => {
        const log = new pkg.FlowLog(name, args(`vpc-demo09${50 + i}`, { tags: TAGS[name]![0]() }) as never);
        out[name] = log.tags;
      });
      return out;
    });
    const eng = lab.engine();
    const up = await eng.up(fixture.program);
    expect(ops(up.events)).toEqual(names.map(() => "create"));
    for (const name of names) {
      const r = eng.state().resources.find((x) => x.name === name)!;
      expect(cloudTags(r.id), name).toEqual(TAGS[name]![1]);
      expect(r.outputs.tags, name).toEqual(TAGS[name]![1]);
      expect(up.outputs[name], name).toEqual(TAGS[name]![1]);
    }
    expect(ops((await eng.up(fixture.program)).events)).toEqual(names.map(() => "same"));
    await eng.destroy();
  }, 60_000);
});

describe("odd lists and timeouts through the engine", () => {
  it("frozen trafficPaths, a list of Outputs, vm-realm timeouts: same cloud object and state as plain ones; second up same", async () => {
    fixture.setBody((pkg, pulumi) => ({
      a: new pkg.FlowLog("fa", args("vpc-demo0960", { trafficPaths: Object.freeze(["vpnGateway"]), timeouts: vm.runInNewContext('({ create: "5m" })') }) as never).timeouts,
      b: new pkg.FlowLog("fb", args("vpc-demo0961", { trafficPaths: [pulumi.output("natGateway")], timeouts: Object.freeze({ update: "2m" }) }) as never).timeouts,
    }));
    lab.emulator.updateSettings({ userDefinedTrafficPath: true });
    const eng = lab.engine();
    const up = await eng.up(fixture.program);
    expect(ops(up.events)).toEqual(["create", "create"]);
    const fa = eng.state().resources.find((x) => x.name === "fa")!;
    const fb = eng.state().resources.find((x) => x.name === "fb")!;
    expect(fa.outputs.trafficPaths).toEqual(["vpnGateway"]);
    expect(fb.outputs.trafficPaths).toEqual(["natGateway"]);
    expect(fa.outputs.timeouts).toEqual({ create: "5m", update: "10m", delete: "10m" });
    expect(fb.outputs.timeouts).toEqual({ create: "10m", update: "2m", delete: "10m" });
    expect(ops((await eng.up(fixture.program)).events)).toEqual(["same", "same"]);
    await eng.destroy();
  }, 60_000);

  // Registers differently than the original value would have: a vm-realm array went through Pulumi as {"0": ...} and
  // check refused it; the copy is an array of this realm, so it is created.
  it("trafficPaths made in a node:vm context: created (the original would have reached check as an object)", async () => {
    fixture.setBody((pkg) => ({ a: new pkg.FlowLog("fv", args("vpc-demo0962", { trafficPaths: vm.runInNewContext('["vpnGateway"]') }) as never).trafficPaths }));
    lab.emulator.updateSettings({ userDefinedTrafficPath: true });
    const eng = lab.engine();
    const up = await eng.up(fixture.program);
    expect(ops(up.events)).toEqual(["create"]);
    expect(up.outputs.a).toEqual(["vpnGateway"]);
    await eng.destroy();
  }, 60_000);
});
