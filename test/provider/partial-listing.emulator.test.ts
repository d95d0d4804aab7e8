/**
 * Partial listings end to end: the provider's real client against the emulator (its CreationTimes, TotalCount and paging),
 * a region of three pages whose flow logs were created over several seconds, creates and deletes of the provider waiting
 * while another client deletes on page 1 and creates. The rounds read the newest pages only, and every operation still
 * ends exactly right.
 */
import { describe, expect, it, vi } from "vitest";
import { VpcClient } from "../../src/client";
import { emulatorSuite } from "./helpers/emulator-suite";
import { vpcFlowLogArgs } from "./helpers/emulator-config";

const REGION = "cn-hangzhou";

const vpc = (n: number) => `vpc-demo${String(n).padStart(4, "0")}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function otherCreate(resourceIds: readonly string[]): Promise<string[]> {
  const answers = await Promise.all(
    resourceIds.map((resourceId) => suite.other.createFlowLog({ regionId: REGION, ...(vpcFlowLogArgs(resourceId) as unknown as Parameters<VpcClient["createFlowLog"]>[0]) })),
  );
  return answers.map((answer) => String(answer.FlowLogId));
}

const suite = emulatorSuite({ settings: { activationDelayMs: 1_500, transitionDelayMs: 600 }, provider: { absentGraceMs: 5_000 } });

describe("partial listings against the emulator", () => {
  it("creates and deletes wait on the newest pages while another client churns page 1; every operation ends right", async () => {
    // 110 flow logs of another client's, created in three seconds (CreationTime is whole seconds): 50, 45, then 15.
    const base: string[] = [];
    for (const [from, count] of [[1, 50], [51, 45], [96, 15]] as const) {
      base.push(...(await otherCreate(Array.from({ length: count }, (_, i) => vpc(700 + from + i)))));
      await sleep(1_100);
    }
    const api = suite.provider.ctx.api;
    const describe = vi.spyOn(api, "describeFlowLogs");
    // A refresh of them all: the watcher's first, whole listing (it shows the order on full pages).
    const read = await Promise.all(base.map((id) => suite.provider.read(id, { regionId: REGION })));
    expect(read.map((r) => r.id)).toEqual(base);
    describe.mockClear();

    const create = async (resourceId: string) => {
      const checked = await suite.provider.check({}, vpcFlowLogArgs(resourceId));
      return (await suite.provider.create(checked.inputs as Record<string, unknown>)) as { id: string; outs: Record<string, unknown> };
    };
    const churn = (async () => {
      for (const id of base.slice(0, 10)) {
        await suite.other.deleteFlowLog({ regionId: REGION, flowLogId: id });
        await sleep(120);
      }
      return otherCreate([vpc(951), vpc(952), vpc(953)]);
    })();
    const [created, othersNew] = await Promise.all([Promise.all(Array.from({ length: 8 }, (_, i) => create(vpc(901 + i)))), churn]);
    for (const { id, outs } of created) {
      expect(outs.status).toBe("Active");
      expect(suite.emulator.flowLogs().find((f) => f.flowLogId === id)?.status).toBe("Active");
    }
    const pages = describe.mock.calls.map(([params]) => (params as { pageNumber?: number }).pageNumber).filter((page) => page !== undefined);
    const lastPage = Math.max(...pages);
    expect(lastPage).toBeGreaterThanOrEqual(3);
    // Some listing stopped at the newest pages: page 1 was read fewer times than the last.
    expect(pages.filter((page) => page === 1).length).toBeLessThan(pages.filter((page) => page === lastPage).length);

    // Deletes in `pulumi destroy`'s order (newest first): each returns only once its flow log is gone.
    const goneAtReturn = await Promise.all(
      [...created].reverse().map(async ({ id }) => {
        await suite.provider.delete(id, { regionId: REGION });
        return !suite.emulator.flowLogs().some((f) => f.flowLogId === id);
      }),
    );
    expect(goneAtReturn).toEqual(Array(8).fill(true));
    await sleep(800); // the other client's Deleting ones finish
    expect(suite.emulator.flowLogs().map((f) => f.flowLogId).sort()).toEqual([...base.slice(10), ...othersNew].sort());
  });
});
