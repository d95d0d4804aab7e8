// Delete's timeout message, followed after a delete that a replacement ran (deleteBeforeReplace), under the mini engine:
// a raised timeouts.delete cannot reach that delete (diff is a replace, no update records it), so the message must say
// what works, running the same command again (a review found it promised the raised timeout).
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

const messageOf = (e: unknown): string => (e instanceof Error ? `${e.message} ${JSON.stringify((e as { errors?: unknown }).errors ?? "")}` : String(e));

describe("delete timeout advice", () => {
  it("replacement's delete timed out: the message says what works, and running the same up again finishes the replace", async () => {
    lab.emulator.updateSettings({ activationDelayMs: 200, transitionDelayMs: 150 });
    fixture.setFlowLogs({ web: args("vpc-demo0911", { timeouts: { delete: "1s" } }) as never });
    const eng = lab.engine();
    await eng.up(fixture.program);
    const oldId = eng.state().resources[0]!.id;

    lab.emulator.updateSettings({ transitionDelayMs: 4_000 });
    fixture.setFlowLogs({ web: args("vpc-demo0911", { trafficType: "Drop", timeouts: { delete: "1s" } }) as never });
    const first = await eng.up(fixture.program).then(
      () => "ok",
      (e: unknown) => messageOf(e),
    );
    expect(first).toMatch(/did not become deleted within 1s/);
    expect(first).toMatch(/running the same command again waits for it again/);
    expect(first).toMatch(/an up that replaces this flow log does not/);

    // As told: the same `pulumi up` again, until the old flow log is gone and the replacement made.
    let outcome = first;
    for (let attempt = 0; attempt < 10 && outcome !== "ok"; attempt++) {
      outcome = await eng.up(fixture.program).then(
        () => "ok",
        (e: unknown) => messageOf(e),
      );
    }
    expect(outcome).toBe("ok");
    expect(lab.cloud(oldId)).toBeUndefined();
    const [resource] = eng.state().resources;
    expect(lab.cloud(resource!.id)).toMatchObject({ trafficType: "Drop", status: "Active" });
    lab.emulator.updateSettings({ transitionDelayMs: 150 });
    await eng.destroy();
    expect(lab.emulator.flowLogs()).toEqual([]);
  }, 90_000);

  it("no secret in anything seen", () => {
    expect(lab.leaks()).toEqual([]);
  });
});
