/**
 * "A create's note may come from the last region listing", through the real client against the emulator,
 * calling the provider object directly: waves of creates (>= 3 at once, so the watcher lists the region), lost
 * CreateFlowLog answers, resources that already have a flow log, replace on the same resource. After each scenario the
 * emulator's inspection must hold exactly the flow logs the provider returned: none duplicated, none orphaned.
 */
import { describe, expect, it } from "vitest";
import { FlowLogConflictError } from "../../src/provider";
import { emulatorSuite } from "./helpers/emulator-suite";
import { vpcFlowLogArgs } from "./helpers/emulator-config";

const args = vpcFlowLogArgs;

async function create(resourceId: string, extra: Record<string, unknown> = {}): Promise<string> {
  const checked = await suite.provider.check({}, args(resourceId, extra));
  expect(checked.failures).toEqual([]);
  return (await suite.provider.create(checked.inputs as Record<string, unknown>)).id;
}

const cloudIds = (resourceId?: string) =>
  suite.emulator
    .flowLogs()
    .filter((f) => resourceId === undefined || f.resourceId === resourceId)
    .map((f) => f.flowLogId)
    .sort();

/** Resolves once `predicate` holds (polling the emulator's inspection every 5 ms), or fails after 5 s. */
async function until(predicate: () => boolean): Promise<void> {
  for (let i = 0; i < 1_000; i++) {
    if (predicate()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error("condition not reached in 5 s");
}

/** The cloud holds exactly the flow logs the provider returned, each once. */
function expectExactly(returned: readonly string[]): void {
  expect(new Set(returned).size, `duplicated ids returned: ${returned.join(", ")}`).toBe(returned.length);
  expect(cloudIds()).toEqual([...returned].sort());
}

const suite = emulatorSuite({ settings: { activationDelayMs: 200, transitionDelayMs: 100 }, provider: { adoptWindowMs: 600, staleGraceMs: 1_000, absentGraceMs: 5_000 } });

describe("notes from the last listing, through the emulator", () => {
  it("a second create on a resource right after a wave never adopts the first create's flow log (lost request before commit)", async () => {
    suite.emulator.updateSettings({ maxFlowLogsPerResource: 5 });
    // A wave of four creates: their notes share one region listing; A is on vpc-demo0101.
    const wave = [create("vpc-demo0101"), create("vpc-demo0102"), create("vpc-demo0103"), create("vpc-demo0104")];
    await until(() => cloudIds().length === 4);
    // Right after A's CreateFlowLog committed (well within 1 s of that listing), B on the same resource with the same
    // inputs; its first CreateFlowLog is reset before it reaches the service, so B must create again, not adopt A's.
    suite.emulator.addFault({ kind: "reset-before", action: "CreateFlowLog", times: 1 });
    const b = await create("vpc-demo0101");
    const returned = [...(await Promise.all(wave)), b];
    expectExactly(returned);
    expect(cloudIds("vpc-demo0101")).toHaveLength(2);
  });

  it("a second create on a resource right after a wave adopts only its own flow log when its answer is lost (reset after commit)", async () => {
    suite.emulator.updateSettings({ maxFlowLogsPerResource: 5 });
    const wave = [create("vpc-demo0111"), create("vpc-demo0112"), create("vpc-demo0113"), create("vpc-demo0114")];
    await until(() => cloudIds().length === 4);
    suite.emulator.addFault({ kind: "reset-after", action: "CreateFlowLog", times: 1 });
    const b = await create("vpc-demo0111").catch((e: unknown) => (e as Error).message);
    const returned = [...(await Promise.all(wave)), b];
    expectExactly(returned);
    expect(suite.emulator.stats().byAction.CreateFlowLog).toBe(5);
  });

  it("waves of creates with lost answers on fresh resources: one flow log per create, none duplicated or orphaned", async () => {
    const first = ["vpc-demo0121", "vpc-demo0122", "vpc-demo0123", "vpc-demo0124"].map((vpc) => create(vpc));
    await until(() => cloudIds().length === 4);
    // The next wave right after: every second CreateFlowLog loses its answer after commit, one is reset before it.
    suite.emulator.addFault({ kind: "reset-after", action: "CreateFlowLog", every: 2, times: 2 });
    suite.emulator.addFault({ kind: "reset-before", action: "CreateFlowLog", times: 1 });
    const second = ["vpc-demo0125", "vpc-demo0126", "vpc-demo0127", "vpc-demo0128", "vpc-demo0129"].map((vpc) => create(vpc));
    const returned = await Promise.all([...first, ...second]);
    expectExactly(returned);
    expect(suite.lines.filter((l) => /adopted/.test(l))).toHaveLength(2);
  });

  it("a create on a resource that already has a flow log (one allowed) is refused and leaves nothing behind, even from a reused listing", async () => {
    const wave = ["vpc-demo0131", "vpc-demo0132", "vpc-demo0133"].map((vpc) => create(vpc));
    await until(() => cloudIds().length === 3);
    suite.emulator.addFault({ kind: "reset-after", action: "CreateFlowLog", times: 1 });
    const refused = await create("vpc-demo0131").catch((e: unknown) => e);
    expect(FlowLogConflictError.isInstance(refused)).toBe(true);
    expectExactly(await Promise.all(wave));
  });

  it("replace on the same resource (delete, then create) right after a wave: exactly the replacement remains", async () => {
    const wave = ["vpc-demo0141", "vpc-demo0142", "vpc-demo0143"].map((vpc) => args(vpc, { flowLogName: "v1" }));
    const created = await Promise.all(
      wave.map(async (news) => {
        const checked = await suite.provider.check({}, news);
        return { ...(await suite.provider.create(checked.inputs as Record<string, unknown>)), news: checked.inputs as Record<string, unknown> };
      }),
    );
    // Replace all three at once (deleteBeforeReplace: same resource), the replacements' answers lost once.
    suite.emulator.addFault({ kind: "reset-after", action: "CreateFlowLog", times: 1 });
    const replaced = await Promise.all(
      created.map(async (old) => {
        const news: Record<string, unknown> = { ...old.news, trafficType: "Drop" };
        expect((await suite.provider.diff(old.id, old.outs, news)).deleteBeforeReplace).toBe(true);
        await suite.provider.delete(old.id, old.outs);
        return create(String(news.resourceId), { trafficType: "Drop", flowLogName: "v1" });
      }),
    );
    expectExactly(replaced);
  });
});
