/**
 * Delete through the real client and the emulator, with a region large enough (> 50 flow logs) that
 * the shared watcher lists it in two or more pages, while another client deletes flow logs on page 1 (the listing
 * shifts between pages). Promise under test (issue 5): delete never reports success while the flow log still exists.
 */
import { describe, expect, it } from "vitest";
import { VpcClient } from "../../src/client";
import { emulatorSuite } from "./helpers/emulator-suite";
import { vpcFlowLogArgs } from "./helpers/emulator-config";

const REGION = "cn-hangzhou";
const props = { regionId: REGION, timeouts: { create: "20s", update: "20s", delete: "20s" } };

const vpc = (n: number) => `vpc-demo${String(n).padStart(4, "0")}`;
const present = (id: string) => suite.emulator.flowLogs().some((f) => f.flowLogId === id);

/** Resolves once `predicate` holds (polling every 5 ms), or fails after 5 s. */
async function until(predicate: () => boolean): Promise<void> {
  for (let i = 0; i < 1_000; i++) {
    if (predicate()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error("condition not reached in 5 s");
}

/** `count` Active flow logs on vpc-demo0001... made by the other client; their ids in creation (= listing) order. */
async function seed(count: number, from = 1): Promise<string[]> {
  suite.emulator.updateSettings({ activationDelayMs: 0 });
  await Promise.all(Array.from({ length: count }, (_, i) => suite.other.createFlowLog({ regionId: REGION, ...(vpcFlowLogArgs(vpc(from + i)) as unknown as Parameters<VpcClient["createFlowLog"]>[0]) })));
  await until(() => suite.emulator.flowLogs().every((f) => f.status === "Active"));
  return suite.emulator.flowLogs().map((f) => f.flowLogId);
}

/** Deletes through the provider; records whether the flow log was still in the cloud when delete reported success. */
async function deleteAndCheck(id: string, stillThere: string[]): Promise<void> {
  await suite.provider.delete(id, props);
  if (present(id)) stillThere.push(`${id} (${suite.emulator.flowLogs().find((f) => f.flowLogId === id)?.status})`);
}

/** Another client removes flow logs from the front of the listing, one every `everyMs`, each gone at once. */
function shifter(victims: string[], everyMs: number): { stop(): Promise<void>; removed: string[] } {
  const removed: string[] = [];
  let running = true;
  const loop = (async () => {
    for (const id of victims) {
      if (!running) break;
      suite.emulator.updateSettings({ transitionDelayMs: 0 });
      await suite.other.deleteFlowLog({ regionId: REGION, flowLogId: id });
      removed.push(id);
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return {
    removed,
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

const suite = emulatorSuite({ settings: { activationDelayMs: 0, transitionDelayMs: 100 }, provider: { adoptWindowMs: 600, staleGraceMs: 500, absentGraceMs: 3_000 } });

describe("delete while the paged listing shifts", () => {
  it("never reports a flow log deleted while it is still Deleting (others delete page-1 flow logs between pages)", async () => {
    const ids = await seed(64);
    const targets = ids.slice(50, 60); // page 2 of the region listing
    const victims = ids.slice(0, 40); // page 1, removed by someone else
    // Our deletes take 2.5 s to finish; each listing page takes >= 120 ms, so page-1 removals land between pages.
    suite.emulator.updateSettings({ transitionDelayMs: 2_500 });
    suite.emulator.addFault({ kind: "latency", action: "DescribeFlowLogs", latencyMs: 120 });
    const stillThere: string[] = [];
    const deletes = targets.map((id) => deleteAndCheck(id, stillThere));
    await until(() => targets.every((id) => suite.emulator.flowLogs().find((f) => f.flowLogId === id)?.status === "Deleting"));
    const shift = shifter(victims, 60);
    await Promise.all(deletes);
    await shift.stop();
    expect(stillThere, "delete reported success while the flow log still existed").toEqual([]);
    for (const id of targets) expect(present(id)).toBe(false);
    // Nothing else was touched: what remains is exactly the seed minus targets and the other client's removals.
    const expected = ids.filter((id) => !targets.includes(id) && !shift.removed.includes(id));
    await until(() => suite.emulator.flowLogs().length === expected.length);
    expect(suite.emulator.flowLogs().map((f) => f.flowLogId)).toEqual(expected);
  });

  it("a replace on the same resource right after delete (deleteBeforeReplace) is not refused because the old one lingers", async () => {
    const ids = await seed(64);
    const targets = ids.slice(50, 58);
    const byId = new Map(suite.emulator.flowLogs().map((f) => [f.flowLogId, f.resourceId]));
    suite.emulator.updateSettings({ transitionDelayMs: 2_500 });
    suite.emulator.addFault({ kind: "latency", action: "DescribeFlowLogs", latencyMs: 120 });
    const replaced = targets.map(async (id) => {
      await suite.provider.delete(id, props);
      const checked = await suite.provider.check({}, vpcFlowLogArgs(byId.get(id)!, { trafficType: "Drop" }));
      return suite.provider.create(checked.inputs as Record<string, unknown>).then(
        (r) => r.id,
        (e: unknown) => `refused: ${(e as Error).message.slice(0, 80)}`,
      );
    });
    await until(() => targets.every((id) => suite.emulator.flowLogs().find((f) => f.flowLogId === id)?.status === "Deleting"));
    const shift = shifter(ids.slice(0, 40), 60);
    const results = await Promise.all(replaced);
    await shift.stop();
    expect(results.filter((r) => r.startsWith("refused")), "replacements refused").toEqual([]);
    for (const id of targets) expect(present(id)).toBe(false);
  });
});
