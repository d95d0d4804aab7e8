// The `import` resource option end to end under the mini engine, which sends an import's Read as the engine does (no
// properties, no inputs: a dynamic provider cannot serve it). FlowLog turns the option into the input importId and the
// create adopts the flow log (src/provider/import-existing.ts): no CreateFlowLog, the same id, a mismatch refused
// naming the arguments, and a replacement of a flow log the program still imports refused at preview.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadProgramModule } from "../../src/testing/load-program";
import type * as Fixture from "../faults/fixtures/program";
import { args, useLab, type Lab } from "./lab";

const fixture = loadProgramModule(path.join(__dirname, "../faults/fixtures/program.ts")) as unknown as typeof Fixture;

let lab: Lab;

useLab((started) => {
  lab = started;
});

const doneOps = (events: readonly { phase: string; op: string }[]): string[] => events.filter((e) => e.phase === "done").map((e) => e.op);

describe("the import option", () => {
  it("adopts the flow log the program describes: the same id, no CreateFlowLog; dropping the option later changes nothing", async () => {
    const e = await lab.create("src-ok", args("vpc-demo0331", { flowLogName: "adopt" }));
    const count = lab.emulator.flowLogs().length;
    fixture.setFlowLogs({ web: args("vpc-demo0331", { flowLogName: "adopt" }) as never }, { web: e.id });
    const eng = lab.engine();
    expect(doneOps((await eng.up(fixture.program)).events)).toEqual(["create"]);
    expect(eng.state().resources.map((r) => [r.id, r.inputs.importId])).toEqual([[e.id, e.id]]);
    expect(lab.emulator.flowLogs().length).toBe(count);
    expect(doneOps((await eng.up(fixture.program)).events)).toEqual(["same"]);
    fixture.setFlowLogs({ web: args("vpc-demo0331", { flowLogName: "adopt" }) as never });
    expect(doneOps((await eng.up(fixture.program)).events)).toEqual(["same"]);
    await eng.destroy();
    expect(lab.cloud(e.id)).toBeUndefined();
  }, 60_000);

  it("args that do not describe it: up fails naming them, nothing recorded, the flow log untouched", async () => {
    const e = await lab.create("src-off", args("vpc-demo0332"));
    fixture.setFlowLogs({ web: args("vpc-demo0332", { trafficType: "Drop", aggregationInterval: 1 }) as never }, { web: e.id });
    const eng = lab.engine();
    await expect(eng.up(fixture.program)).rejects.toThrow(/inputs to import do not match the existing flow log fl-\w+: trafficType, aggregationInterval differ/);
    expect(eng.state().resources).toEqual([]);
    expect(lab.cloud(e.id)).toMatchObject({ trafficType: "All", status: "Active" });
    await lab.delete(e);
  }, 60_000);

  it("a change that replaces a flow log the program still imports: refused at preview, before anything is deleted", async () => {
    const e = await lab.create("src-replace", args("vpc-demo0333"));
    fixture.setFlowLogs({ web: args("vpc-demo0333") as never }, { web: e.id });
    const eng = lab.engine();
    await eng.up(fixture.program);
    fixture.setFlowLogs({ web: args("vpc-demo0333", { trafficType: "Drop" }) as never }, { web: e.id });
    await expect(eng.preview(fixture.program)).rejects.toThrow(/trafficType replaces this flow log, but the program still imports it .*remove the option/);
    await expect(eng.up(fixture.program)).rejects.toThrow(/remove the option/);
    expect(lab.cloud(e.id)).toMatchObject({ status: "Active" });
    // Without the option it is an ordinary replacement.
    fixture.setFlowLogs({ web: args("vpc-demo0333", { trafficType: "Drop" }) as never });
    expect(doneOps((await eng.preview(fixture.program)).events)).toEqual(["replace"]);
    await eng.destroy();
  }, 60_000);
});
