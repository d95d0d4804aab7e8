/**
 * A region the process knows nothing of was priced as one page (round-plan.ts): a few reads in a region of 500 flow logs
 * of other stacks would then list all ten pages. The listing now stops after its first page once that shows more pages
 * than the items asked about, and the items are asked by id (watcher.ts listingRound, region-listing.ts maxPages).
 */
import { describe, expect, it } from "vitest";
import { vpcFlowLogArgs } from "./helpers/emulator-config";
import { emulatorSuite } from "./helpers/emulator-suite";

const suite = emulatorSuite({ settings: { activationDelayMs: 0, transitionDelayMs: 100 } });
const R = "cn-hangzhou";
const vpc = (n: number) => `vpc-demo${String(n).padStart(4, "0")}`;
const describes = () => suite.emulator.stats().byAction.DescribeFlowLogs ?? 0;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function seed(count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < count; start += 50) {
    const batch = Array.from({ length: Math.min(50, count - start) }, (_, i) => vpc(start + i + 1));
    const made = await Promise.all(batch.map((resourceId) => suite.other.createFlowLog({ regionId: R, ...(vpcFlowLogArgs(resourceId) as object) } as never)));
    ids.push(...made.map((answer) => (answer as { FlowLogId: string }).FlowLogId));
  }
  for (let i = 0; i < 1000 && suite.emulator.flowLogs().some((f) => f.status !== "Active"); i++) await sleep(5);
  return ids;
}

describe("reads in a region of unknown size", () => {
  it("refresh of 3 flow logs among 500: at most 1 page and 3 lookups, every read exact", async () => {
    const ids = await seed(500);
    const mine = [ids[10]!, ids[250]!, ids[499]!];
    const before = describes();
    const reads = await Promise.all(mine.map((id) => suite.provider.read(id, { regionId: R })));
    expect(describes() - before).toBeLessThanOrEqual(4);
    expect(reads.map((r) => [r.id, r.props?.status])).toEqual(mine.map((id) => [id, "Active"]));
  }, 60_000);
});
