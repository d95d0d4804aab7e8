/**
 * Partial listings end to end under churn: the provider object against the emulator, another VpcClient changing the
 * region meanwhile. Regions of 100+ flow logs created over several seconds (CreationTime is whole seconds), a first whole
 * listing (a refresh of them all), then creates (lost answers included), deletes, reads and updates whose rounds may stop
 * at the newest pages. The first case is a flow log that DescribeFlowLogs listed late (eventual consistency): the partial
 * listings never read back to it, so a note misses it, and create.ts `createdBefore` keeps a lost answer from adopting it.
 */
import { describe, expect, it, vi } from "vitest";
import { VpcClient } from "../../src/client";
import { emulatorSuite } from "./helpers/emulator-suite";
import { vpcFlowLogArgs } from "./helpers/emulator-config";

const REGION = "cn-hangzhou";

const vpc = (n: number) => `vpc-demo${String(n).padStart(4, "0")}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Sleeps until 50 ms past the next whole second (CreationTime is whole seconds). */
const nextSecond = () => sleep(1_050 - (Date.now() % 1_000));
const cloudIds = () => suite.emulator.flowLogs().map((f) => f.flowLogId).sort();

async function otherCreate(resourceIds: readonly string[]): Promise<string[]> {
  const answers = await Promise.all(
    // Named: a flow log with exactly our arguments would be refused as a twin (create.ts twinError), not raced with.
    resourceIds.map((resourceId) =>
      suite.other.createFlowLog({ regionId: REGION, ...(vpcFlowLogArgs(resourceId, { flowLogName: "theirs" }) as unknown as Parameters<VpcClient["createFlowLog"]>[0]) }),
    ),
  );
  return answers.map((answer) => String(answer.FlowLogId));
}
const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => vpc(from + i));

async function create(resourceId: string): Promise<{ id: string; outs: Record<string, unknown> }> {
  const checked = await suite.provider.check({}, vpcFlowLogArgs(resourceId));
  expect(checked.failures).toEqual([]);
  return (await suite.provider.create(checked.inputs as Record<string, unknown>)) as { id: string; outs: Record<string, unknown> };
}
const read = (id: string) => suite.provider.read(id, { regionId: REGION });
const settled = <T>(p: Promise<T>) => p.then((value) => ({ ok: true as const, value }), (error: unknown) => ({ ok: false as const, error: error as Error }));

/** Pages of region listings (DescribeFlowLogs with a PageNumber) since the last clear. */
function pageSpy() {
  const spy = vi.spyOn(suite.provider.ctx.api, "describeFlowLogs");
  return {
    pages: () =>
      spy.mock.calls
        .map(([params]) => params as { pageNumber?: number; resourceId?: string; flowLogId?: string })
        .filter((params) => params.resourceId === undefined && params.flowLogId === undefined && params.pageNumber !== undefined)
        .map((params) => params.pageNumber!),
    clear: () => spy.mockClear(),
  };
}

/**
 * 110 flow logs of the other client's over three seconds: 50 (vpc 701..750), 45 (751..795), 15 (796..810), so page 2 of
 * the whole listing is a full page rising in time (the order evidence). Then the provider reads them all: the first,
 * whole listing. `between` runs inside the first second, after the first 30 (its flow logs land on page 1).
 */
async function region(between?: () => Promise<void>): Promise<string[]> {
  await nextSecond();
  const base = await otherCreate(range(701, 30));
  await between?.();
  base.push(...(await otherCreate(range(731, 20))));
  await nextSecond();
  base.push(...(await otherCreate(range(751, 45))));
  await nextSecond();
  base.push(...(await otherCreate(range(796, 15))));
  const refreshed = await Promise.all(base.map((id) => read(id).then((r) => r.id)));
  expect(refreshed).toEqual(base);
  return base;
}

const suite = emulatorSuite({ settings: { activationDelayMs: 300, transitionDelayMs: 200 }, provider: { adoptWindowMs: 1_500, staleGraceMs: 1_000, absentGraceMs: 5_000 } });

describe("notes answered from the union of listings", () => {
  // A flow log another client made on page 1 that the whole listing could not see yet (its eventual-consistency lag was
  // longer than its neighbours'), visible long before the create: the create's note must name it, and a lost
  // CreateFlowLog must never adopt it.
  it("a flow log that became visible late on page 1 is never adopted by a create that started after it was visible", { timeout: 20_000 }, async () => {
    let late = "";
    await region(async () => {
      suite.emulator.updateSettings({ hideNewForMs: 3_000 });
      [late] = await otherCreate([vpc(999)]);
      suite.emulator.updateSettings({ hideNewForMs: 0 });
    });
    // The whole listing did not see it (hidden then); it is on page 1 now, and has been visible for a while.
    const createdAt = Date.parse(suite.emulator.flowLogs().find((f) => f.flowLogId === late)!.creationTime);
    await sleep(Math.max(0, createdAt + 4_500 - Date.now()));
    expect((await suite.other.describeFlowLogs({ regionId: REGION, flowLogId: late })).TotalCount).toBe(1);
    const spy = pageSpy();
    spy.clear();
    // A create on its resource while a refresh of the three newest runs (4 items: a listing round), its first
    // CreateFlowLog lost before it reached the service.
    suite.emulator.addFault({ kind: "reset-before", action: "CreateFlowLog", times: 1 });
    const newest = suite.emulator.flowLogs().slice(-3).map((f) => f.flowLogId);
    const [outcome, reads] = await Promise.all([settled(create(vpc(999))), Promise.all(newest.map((id) => read(id).then((r) => r.id)))]);
    expect(reads).toEqual(newest);
    // The listing round stopped before page 1 (that is the case under test).
    expect(spy.pages()).not.toContain(1);
    // Right: the create fails (the resource already has a flow log); never returns the other client's flow log as its own.
    expect(outcome.ok ? `adopted ${outcome.value.id} (the other client's, visible 1.5 s before the create)` : "refused").toBe("refused");
    expect(cloudIds()).toHaveLength(111);
  });

  // Control for the case above: the same region and create, but the round also reads a flow log of page 1, so its listing
  // is whole; the note names the late flow log and the create is refused, never adopting it.
  it("the same create in a round whose listing reads page 1 is refused and adopts nothing", { timeout: 20_000 }, async () => {
    let late = "";
    const base = await region(async () => {
      suite.emulator.updateSettings({ hideNewForMs: 3_000 });
      [late] = await otherCreate([vpc(999)]);
      suite.emulator.updateSettings({ hideNewForMs: 0 });
    });
    const createdAt = Date.parse(suite.emulator.flowLogs().find((f) => f.flowLogId === late)!.creationTime);
    await sleep(Math.max(0, createdAt + 4_500 - Date.now()));
    const spy = pageSpy();
    spy.clear();
    suite.emulator.addFault({ kind: "reset-before", action: "CreateFlowLog", times: 1 });
    const looked = [base[0]!, ...suite.emulator.flowLogs().slice(-2).map((f) => f.flowLogId)];
    const [outcome, reads] = await Promise.all([settled(create(vpc(999))), Promise.all(looked.map((id) => read(id).then((r) => r.id)))]);
    expect(reads).toEqual(looked);
    expect(spy.pages()).toContain(1);
    expect(outcome.ok ? `adopted ${outcome.value.id}` : outcome.error.name).toBe("FlowLogConflictError");
    expect(cloudIds()).toHaveLength(111);
  });

  // Constant lag: another client's flow log created after the whole listing, hidden through a partial listing, visible
  // later; the next partial listing reads back past the last one's newest and finds it, so a create on its resource with a
  // lost CreateFlowLog is refused and adopts nothing.
  it("a flow log hidden during one partial listing is in the next one's note (constant lag)", { timeout: 20_000 }, async () => {
    const base = await region();
    await sleep(1_100); // the whole listing no longer serves notes at once
    suite.emulator.updateSettings({ hideNewForMs: 1_500 });
    const [hidden] = await otherCreate([vpc(998)]);
    const spy = pageSpy();
    spy.clear();
    // A partial listing while it is hidden: a refresh of the four newest.
    const newest = base.slice(-4);
    expect(await Promise.all(newest.map((id) => read(id).then((r) => r.id)))).toEqual(newest);
    expect(spy.pages()).not.toContain(1);
    const createdAt = Date.parse(suite.emulator.flowLogs().find((f) => f.flowLogId === hidden)!.creationTime);
    await sleep(Math.max(0, createdAt + 2_500 - Date.now()));
    spy.clear();
    suite.emulator.addFault({ kind: "reset-before", action: "CreateFlowLog", times: 1 });
    const [outcome, reads] = await Promise.all([settled(create(vpc(998))), Promise.all(newest.slice(1).map((id) => read(id).then((r) => r.id)))]);
    expect(reads).toEqual(newest.slice(1));
    expect(spy.pages()).not.toContain(1);
    expect(outcome.ok ? `adopted ${outcome.value.id} (hidden one: ${hidden})` : outcome.error.name).toBe("FlowLogConflictError");
    expect(cloudIds()).toHaveLength(111);
  });
});

describe("creates with lost answers while partial listings run", () => {
  // Another client's flow log on the same resource, made after the whole listing (so only a partial listing knows it), is
  // in the note; our CreateFlowLog's answer is lost after it committed: the create adopts its own new flow log, never the
  // other's, and ends Active.
  it("reset-after on a resource another client created on after the whole listing: adopts its own flow log", { timeout: 20_000 }, async () => {
    suite.emulator.updateSettings({ maxFlowLogsPerResource: 3 });
    const base = await region();
    await sleep(1_100);
    const [theirs] = await otherCreate([vpc(997)]);
    const spy = pageSpy();
    spy.clear();
    suite.emulator.addFault({ kind: "reset-after", action: "CreateFlowLog", times: 1 });
    const newest = base.slice(-3);
    const [outcome, reads] = await Promise.all([settled(create(vpc(997))), Promise.all(newest.map((id) => read(id).then((r) => r.id)))]);
    expect(reads).toEqual(newest);
    expect(spy.pages()).not.toContain(1);
    expect(outcome.ok ? outcome.value.id : outcome.error.message).not.toBe(theirs);
    expect(outcome.ok).toBe(true);
    const ours = outcome.ok ? outcome.value : undefined;
    expect(ours?.outs.status).toBe("Active");
    const onResource = suite.emulator.flowLogs().filter((f) => f.resourceId === vpc(997));
    expect(onResource.map((f) => f.flowLogId).sort()).toEqual([theirs!, ours!.id].sort());
    expect(suite.emulator.stats().byAction.CreateFlowLog).toBe(110 + 1 + 1); // the region, theirs, our one CreateFlowLog (never sent again)
  });

  // Six creates at once, every other CreateFlowLog's answer lost after it committed, while the other client deletes on
  // page 1 and creates on the same resources before each create: each create returns its own Active flow log.
  it("many creates with lost answers, the other client churning page 1 and creating on their resources first", { timeout: 20_000 }, async () => {
    suite.emulator.updateSettings({ maxFlowLogsPerResource: 3 });
    const base = await region();
    const resources = [961, 962, 963, 964, 965, 966].map(vpc);
    const theirs = await otherCreate(resources);
    await sleep(1_100);
    suite.emulator.addFault({ kind: "reset-after", action: "CreateFlowLog", every: 2 });
    const churn = (async () => {
      for (const id of base.slice(0, 8)) {
        await suite.other.deleteFlowLog({ regionId: REGION, flowLogId: id });
        await sleep(60);
      }
    })();
    const [outcomes] = await Promise.all([Promise.all(resources.map((r) => settled(create(r)))), churn]);
    const ids = outcomes.map((o) => (o.ok ? o.value.id : `error: ${o.error.message}`));
    for (const [i, o] of outcomes.entries()) {
      expect(o.ok, ids[i]).toBe(true);
      expect(theirs).not.toContain(ids[i]);
      expect(suite.emulator.flowLogs().find((f) => f.flowLogId === ids[i])?.status).toBe("Active");
    }
    await sleep(400);
    expect(cloudIds()).toEqual([...base.slice(8), ...theirs, ...ids].sort());
  });
});

describe("deletes, reads and updates while partial listings run", () => {
  // Deletes of the provider's own 8 newest flow logs newest first, and of 8 page-1 flow logs oldest first, while the
  // other client deletes on page 1 and creates: each returns only once its flow log is gone; the end state is exact.
  it("deletes newest-first and oldest-first with another client deleting and creating: gone at return, exact end state", { timeout: 20_000 }, async () => {
    const base = await region();
    const mine = await Promise.all([921, 922, 923, 924, 925, 926, 927, 928].map((n) => create(vpc(n))));
    const oldest = base.slice(10, 18);
    const othersDelete = base.slice(0, 10);
    const goneAtReturn: Record<string, boolean> = {};
    const del = async (id: string) => {
      await suite.provider.delete(id, { regionId: REGION });
      goneAtReturn[id] = !suite.emulator.flowLogs().some((f) => f.flowLogId === id);
    };
    const newestFirst = (async () => {
      for (const { id } of [...mine].reverse()) {
        void del(id);
        await sleep(40);
      }
    })();
    const oldestFirst = Promise.all(oldest.map((id) => del(id)));
    const churn = (async () => {
      const created: string[] = [];
      for (const [i, id] of othersDelete.entries()) {
        await suite.other.deleteFlowLog({ regionId: REGION, flowLogId: id });
        if (i % 3 === 0) created.push(...(await otherCreate([vpc(971 + i)])));
        await sleep(50);
      }
      return created;
    })();
    const [, , created] = await Promise.all([newestFirst, oldestFirst, churn]);
    for (let i = 0; i < 200 && Object.keys(goneAtReturn).length < 16; i++) await sleep(50);
    expect(goneAtReturn).toEqual(Object.fromEntries([...mine.map((m) => m.id), ...oldest].map((id) => [id, true])));
    await sleep(400);
    expect(cloudIds()).toEqual([...base.slice(18), ...created].sort());
  });

  // Slow DescribeFlowLogs (every listing spans the other client's changes): the provider's 8 newest deleted at once while
  // the other client deletes 40 flow logs of pages 1-2 (shifting the pages by almost a page) and the provider deletes one
  // the other client deletes too: each delete returns only once its flow log is gone; the end state is exact.
  it("deletes at once under slow listings while another client deletes 40 on pages 1-2 and one of ours", { timeout: 20_000 }, async () => {
    const base = await region();
    const mine = await Promise.all([911, 912, 913, 914, 915, 916, 917, 918].map((n) => create(vpc(n))));
    suite.emulator.addFault({ kind: "latency", action: "DescribeFlowLogs", latencyMs: 120 });
    const shared = base[60]!;
    const goneAtReturn: Record<string, boolean> = {};
    const del = async (id: string) => {
      await suite.provider.delete(id, { regionId: REGION });
      goneAtReturn[id] = !suite.emulator.flowLogs().some((f) => f.flowLogId === id);
    };
    const churn = (async () => {
      // Refused when the provider's DeleteFlowLog came first (Deleting, or gone): then the provider's wait ends it.
      await suite.other.deleteFlowLog({ regionId: REGION, flowLogId: shared }).catch(() => undefined);
      for (const id of base.slice(0, 40)) {
        await suite.other.deleteFlowLog({ regionId: REGION, flowLogId: id });
        await sleep(25);
      }
      return otherCreate([vpc(991), vpc(992), vpc(993)]);
    })();
    const [, created] = await Promise.all([Promise.all([...[...mine].reverse().map((m) => del(m.id)), sleep(100).then(() => del(shared))]), churn]);
    expect(goneAtReturn).toEqual(Object.fromEntries([...mine.map((m) => m.id), shared].map((id) => [id, true])));
    await sleep(400);
    expect(cloudIds()).toEqual([...base.slice(40).filter((id) => id !== shared), ...created].sort());
  });

  // A refresh of everything while the other client deletes on page 1 and creates: every flow log nobody deleted reads as
  // itself (never id ""), and one the other client deleted reads as gone only once it is Deleting or gone.
  it("a refresh of all while another client deletes on page 1 and creates: never id '' for an existing flow log", { timeout: 20_000 }, async () => {
    const base = await region();
    await sleep(1_100);
    const othersDelete = new Set(base.slice(0, 20));
    const emptyWhilePresent: string[] = [];
    const refresh = Promise.all(
      base.map(async (id) => {
        const r = await read(id);
        if (r.id === "" && suite.emulator.flowLogs().some((f) => f.flowLogId === id && f.status !== "Deleting")) emptyWhilePresent.push(id);
        return r.id;
      }),
    );
    const churn = (async () => {
      const created: string[] = [];
      for (const [i, id] of [...othersDelete].entries()) {
        await suite.other.deleteFlowLog({ regionId: REGION, flowLogId: id });
        if (i % 4 === 0) created.push(...(await otherCreate([vpc(981 + i)])));
        await sleep(15);
      }
      return created;
    })();
    const [ids, created] = await Promise.all([refresh, churn]);
    expect(emptyWhilePresent).toEqual([]);
    // A read that finds a flow log Deleting waits for the delete to end (read.ts): only those may read as gone already.
    expect(ids.filter((id, i) => id !== base[i] && !(id === "" && othersDelete.has(base[i]!)))).toEqual([]);
    // Twice more, with the other client's deletes done: the deleted read as gone, the rest as themselves.
    await sleep(400);
    for (let round = 0; round < 2; round++) {
      const again = await Promise.all([...base, ...created].map((id) => read(id).then((r) => r.id)));
      expect(again.filter((id) => id !== "").sort()).toEqual([...base.filter((id) => !othersDelete.has(id)), ...created].sort());
    }
  });

  // Updates Active -> Inactive -> Active on page-1 flow logs (their waits need page 1) while creates wait on new ones at
  // the end: every update ends in its status, every create Active.
  it("updates Active->Inactive->Active on page 1 while creates wait on the newest pages", { timeout: 20_000 }, async () => {
    const base = await region();
    const targets = base.slice(0, 4);
    const update = async (id: string, status: "Active" | "Inactive") => {
      const current = await read(id);
      const checked = await suite.provider.check(current.props!, { ...current.inputs!, status });
      expect(checked.failures).toEqual([]);
      const { outs } = await suite.provider.update(id, current.props!, checked.inputs as Record<string, unknown>);
      return outs.status;
    };
    const updates = Promise.all(
      targets.map(async (id) => {
        const first = await update(id, "Inactive");
        const inCloud = suite.emulator.flowLogs().find((f) => f.flowLogId === id)?.status;
        const second = await update(id, "Active");
        return [first, inCloud, second, suite.emulator.flowLogs().find((f) => f.flowLogId === id)?.status];
      }),
    );
    const creates = Promise.all([931, 932, 933, 934, 935, 936].map((n) => create(vpc(n))));
    const [updated, created] = await Promise.all([updates, creates]);
    expect(updated).toEqual(targets.map(() => ["Inactive", "Inactive", "Active", "Active"]));
    for (const { id, outs } of created) {
      expect(outs.status).toBe("Active");
      expect(suite.emulator.flowLogs().find((f) => f.flowLogId === id)?.status).toBe("Active");
    }
    expect(cloudIds()).toEqual([...base, ...created.map((c) => c.id)].sort());
  });

  // Eventual consistency (constant hideNewForMs) for the provider's own creates and their deletes in partial listings:
  // creates end Active, deletes newest first end gone, the end state is the region as it was.
  it("own creates hidden for a while, then deleted newest first, while partial listings run", { timeout: 20_000 }, async () => {
    const base = await region();
    suite.emulator.updateSettings({ hideNewForMs: 800 });
    const created = await Promise.all([941, 942, 943, 944, 945, 946].map((n) => create(vpc(n))));
    for (const { id, outs } of created) {
      expect(outs.status).toBe("Active");
      expect(suite.emulator.flowLogs().find((f) => f.flowLogId === id)?.status).toBe("Active");
    }
    const goneAtReturn = await Promise.all(
      [...created].reverse().map(async ({ id }) => {
        await suite.provider.delete(id, { regionId: REGION });
        return !suite.emulator.flowLogs().some((f) => f.flowLogId === id);
      }),
    );
    expect(goneAtReturn).toEqual(created.map(() => true));
    expect(cloudIds()).toEqual([...base].sort());
  });
});
