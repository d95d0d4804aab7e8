import { describe, expect, it } from "vitest";
import { FlowLogOperationError, nextGapMs, RegionWatcher, type CloudFlowLog, type FlowLogSource, type RegionListing, type WaitOutcome } from "../../src/provider";
import { cloudFromInputs } from "../../src/provider/mapping";
import { FOLLOW_UP_MS } from "../../src/provider/watcher";
import { listingOf } from "./helpers/listing";
import { FakeClock, flush } from "./helpers/fake-clock";

function flowLog(id: string, status: string): CloudFlowLog {
  const base = { resourceType: "VPC", resourceId: "vpc-demo0001", trafficType: "All", projectName: "p", logStoreName: "s" } as const;
  return cloudFromInputs({ ...base, status: "Active", timeouts: { create: "1m", update: "1m", delete: "1m" } }, id, "cn-hangzhou", status);
}

/** A scripted cloud: each flow log becomes Active at a given time; every call is recorded with its time. */
class ScriptedSource implements FlowLogSource {
  readonly calls: { kind: "byId" | "byResource" | "all"; at: number; id?: string }[] = [];
  readonly activeAt = new Map<string, number>();
  readonly hiddenUntil = new Map<string, number>();
  /** Flow logs the next region listing leaves out (a listing's slip; a lookup by id still finds them). */
  readonly slipOnce = new Set<string>();
  failNext = 0;
  /** Flow logs whose lookups by id always fail (a transient error naming the flow log). */
  readonly failingIds = new Set<string>();

  constructor(private readonly clock: FakeClock) {}

  private view(id: string): CloudFlowLog | undefined {
    const now = this.clock.now();
    if ((this.hiddenUntil.get(id) ?? -1) > now) return undefined;
    const at = this.activeAt.get(id);
    if (at === undefined) return undefined;
    return flowLog(id, now >= at ? "Active" : "Activating");
  }

  async byId(id: string): Promise<CloudFlowLog | undefined> {
    this.calls.push({ kind: "byId", at: this.clock.now(), id });
    if (this.failingIds.has(id)) throw new Error(`ServiceUnavailable while looking up ${id}`);
    if (this.failNext > 0) {
      this.failNext -= 1;
      throw new Error("Throttling.User");
    }
    return this.view(id);
  }

  async byResource(resourceId: string): Promise<CloudFlowLog[]> {
    this.calls.push({ kind: "byResource", at: this.clock.now(), id: resourceId });
    return (await this.list()).filter((f) => f.resourceId === resourceId);
  }

  private async list(): Promise<CloudFlowLog[]> {
    if (this.failNext > 0) {
      this.failNext -= 1;
      throw new Error("Throttling.User");
    }
    return [...this.activeAt.keys()].map((id) => this.view(id)).filter((f): f is CloudFlowLog => f !== undefined);
  }

  async all(): Promise<RegionListing> {
    this.calls.push({ kind: "all", at: this.clock.now() });
    const listed = (await this.list()).filter((f) => !this.slipOnce.has(f.flowLogId));
    this.slipOnce.clear();
    return listingOf(listed);
  }
}

const untilActive = (f: CloudFlowLog) => (f.status === "Active" ? "reached" : "pending") as "reached" | "pending";

function setup() {
  const clock = new FakeClock();
  const source = new ScriptedSource(clock);
  const watcher = new RegionWatcher(source, { clock, isTransient: () => true });
  return { clock, source, watcher };
}

function track(promise: Promise<WaitOutcome>) {
  const box: { outcome?: WaitOutcome } = {};
  void promise.then((outcome) => (box.outcome = outcome));
  return box;
}

/**
 * A watcher whose "Active" waits have learned their time: a first wave of three flow logs Active at 3 s (a listing each
 * round). Returns `waitFor` for more "Active" waits and the first wave's quickest time as the rounds saw it (the hold).
 */
async function afterActiveTakes3s() {
  const { clock, source, watcher } = setup();
  const waitFor = (id: string, timeoutMs = 60_000) => track(watcher.wait({ flowLogId: id, kind: "Active", classify: untilActive, whenAbsent: "gone", timeoutMs }));
  const first = ["fl-1", "fl-2", "fl-3"].map((id) => (source.activeAt.set(id, 3_000), waitFor(id)));
  await clock.advance(4_000);
  expect(first.map((b) => b.outcome?.kind)).toEqual(["reached", "reached", "reached"]);
  const holdMs = Math.min(...first.map((b) => b.outcome?.elapsedMs ?? Infinity));
  return { clock, source, watcher, waitFor, holdMs };
}

describe("poll schedule", () => {
  it("looks first after 0.3 s, then 0.3 s + 8% of the wait, capped at 10 s", () => {
    expect(nextGapMs(0)).toBe(300);
    expect(nextGapMs(10_000)).toBe(1_100);
    expect(nextGapMs(60_000)).toBe(5_100);
    expect(nextGapMs(600_000)).toBe(10_000);
  });

  it("keeps the overshoot after Active under 0.5 s + 10% of the activation time at every D (issue 6 goal)", async () => {
    for (const delay of [1_000, 3_000, 10_000, 30_000, 60_000]) {
      const { clock, source, watcher } = setup();
      source.activeAt.set("fl-1", delay);
      const box = track(watcher.wait({ flowLogId: "fl-1", classify: untilActive, whenAbsent: "gone", timeoutMs: 600_000 }));
      await clock.advance(delay * 2 + 20_000);
      expect(box.outcome?.kind).toBe("reached");
      const overshoot = (box.outcome?.elapsedMs ?? Infinity) - delay;
      expect(overshoot, `D=${delay}`).toBeGreaterThanOrEqual(0);
      expect(overshoot, `D=${delay}`).toBeLessThan(500 + 0.1 * delay);
      // And it stays within the watcher's budget (schedule.ts loneBaseGapMs: at most 5 + 2.5 t calls in t seconds).
      expect(source.calls.length, `D=${delay}`).toBeLessThanOrEqual(Math.floor(5 + (2.5 * (box.outcome?.elapsedMs ?? 0)) / 1000));
    }
  });
});

describe("RegionWatcher", () => {
  it("serves one or two waiters by FlowLogId and more with one paged listing per tick", async () => {
    const { clock, source, watcher } = setup();
    for (const id of ["fl-1", "fl-2", "fl-3"]) source.activeAt.set(id, 5_000);
    const boxes = ["fl-1", "fl-2"].map((id) => track(watcher.wait({ flowLogId: id, classify: untilActive, whenAbsent: "gone", timeoutMs: 60_000 })));
    // Alone, they look on the lone schedule: at 150 ms (then 312).
    await clock.advance(300);
    expect(source.calls.map((c) => c.kind)).toEqual(["byId", "byId"]);
    boxes.push(track(watcher.wait({ flowLogId: "fl-3", classify: untilActive, whenAbsent: "gone", timeoutMs: 60_000 })));
    source.calls.length = 0;
    // A shared round goes once half of the waits are due on the shared schedule (fl-1 and fl-2 at 462 ms: their look at
    // 150 plus its 312 ms gap; fl-3 alone at 600 would not call it).
    await clock.advance(150);
    expect(source.calls).toEqual([]);
    await clock.advance(100);
    expect(source.calls.map((c) => c.kind)).toEqual(["all"]);
    await clock.advance(10_000);
    expect(boxes.map((b) => b.outcome?.kind)).toEqual(["reached", "reached", "reached"]);
    expect(watcher.size).toBe(0);
    // One round per tick, never one per waiter, once three wait.
    const allRounds = source.calls.filter((c) => c.kind === "all");
    expect(new Set(allRounds.map((c) => c.at)).size).toBe(allRounds.length);
  });

  it("lets waits of a kind that took ~3 s sit out shared rounds until then, but never holds a lone wait", async () => {
    // A first wave of three teaches the watcher that "Active" takes about 3 s.
    const { clock, source, waitFor } = await afterActiveTakes3s();
    // A second wave of three: no round before the quickest first-wave wait took, and Active at the first look after it.
    source.calls.length = 0;
    const t0 = clock.now();
    const second = ["fl-4", "fl-5", "fl-6"].map((id) => (source.activeAt.set(id, t0 + 3_000), waitFor(id)));
    await clock.advance(6_000);
    expect(second.map((b) => b.outcome?.kind)).toEqual(["reached", "reached", "reached"]);
    expect(Math.min(...source.calls.map((c) => c.at)) - t0).toBeGreaterThanOrEqual(3_000);
    expect(Math.max(...second.map((b) => b.outcome?.elapsedMs ?? Infinity))).toBeLessThan(3_000 + 800);
    expect(new Set(source.calls.map((c) => c.at)).size).toBe(1);
    // A lone wait of the same kind keeps its own prompt schedule (bench:active).
    source.calls.length = 0;
    const t1 = clock.now();
    source.activeAt.set("fl-7", t1 + 1_000);
    const lone = waitFor("fl-7");
    await clock.advance(3_000);
    expect(source.calls[0]?.at).toBe(t1 + 150);
    expect((lone.outcome?.elapsedMs ?? Infinity) - 1_000).toBeLessThan(500 + 100);
  });

  it("looks again at the expected settle time of a wave's rest, not a grown gap later, after a round saw only its first", async () => {
    // The hold the watcher learned: the quickest first-wave wait as its rounds saw it (3 s plus up to a gap).
    const { clock, source, waitFor, holdMs } = await afterActiveTakes3s();
    // A wave of six, each Active 3 s after its start; the last three start late enough that the round which sees the
    // first three (at t0 + hold + FOLLOW_UP_MS) comes before they settle.
    const lagMs = holdMs - 3_000 + 100;
    const t0 = clock.now();
    const early = ["fl-4", "fl-5", "fl-6"].map((id) => (source.activeAt.set(id, t0 + 3_000), waitFor(id)));
    await clock.advance(lagMs);
    const late = ["fl-7", "fl-8", "fl-9"].map((id) => (source.activeAt.set(id, t0 + lagMs + 3_000), waitFor(id)));
    source.calls.length = 0;
    await clock.advance(6_000);
    expect([...early, ...late].map((b) => b.outcome?.kind)).toEqual(Array(6).fill("reached"));
    // The round that saw the first three came before the last three settled; the next one comes just after they did
    // (FOLLOW_UP_MS past the quickest settle time), where the schedule's gap (0.3 s + 8 % of 3 s) would have come later.
    const earlyMs = Math.max(...early.map((b) => b.outcome?.elapsedMs ?? Infinity));
    const lateMs = Math.max(...late.map((b) => b.outcome?.elapsedMs ?? Infinity));
    expect(lateMs).toBeLessThanOrEqual(earlyMs + FOLLOW_UP_MS);
    expect(new Set(source.calls.map((c) => c.at)).size).toBe(2);
  });

  it("looks at a shared wait before half its timeout, even one shorter than the first gap", async () => {
    const { clock, source, watcher } = setup();
    for (const id of ["fl-1", "fl-2", "fl-3"]) source.activeAt.set(id, 5_000);
    const boxes = ["fl-1", "fl-2", "fl-3"].map((id) => track(watcher.wait({ flowLogId: id, classify: untilActive, whenAbsent: "gone", timeoutMs: 200 })));
    await clock.advance(300);
    expect(boxes.map((b) => b.outcome?.kind)).toEqual(["timeout", "timeout", "timeout"]);
    expect(source.calls.length).toBeGreaterThan(0);
    expect(Math.max(...source.calls.map((c) => c.at))).toBeLessThanOrEqual(100);
  });

  it("looks at a short-timeout wait by half its timeout while the other waits are held", async () => {
    const { clock, source, waitFor } = await afterActiveTakes3s();
    const t0 = clock.now();
    ["fl-4", "fl-5", "fl-6", "fl-7"].forEach((id) => (source.activeAt.set(id, t0 + 3_000), waitFor(id)));
    source.activeAt.set("fl-8", t0 + 3_000);
    const short = waitFor("fl-8", 400);
    source.calls.length = 0;
    await clock.advance(500);
    expect(short.outcome?.kind).toBe("timeout");
    expect(source.calls.length).toBeGreaterThan(0);
    expect(Math.min(...source.calls.map((c) => c.at)) - t0).toBeLessThanOrEqual(200);
  });

  it("lets the youngest waiter drive the ticks", async () => {
    const { clock, source, watcher } = setup();
    source.activeAt.set("fl-old", 1e9);
    source.activeAt.set("fl-new", 1e9);
    void watcher.wait({ flowLogId: "fl-old", classify: untilActive, whenAbsent: "gone", timeoutMs: 1e9 });
    await clock.advance(120_000); // the old waiter now looks every ~9.9 s
    source.calls.length = 0;
    void watcher.wait({ flowLogId: "fl-new", classify: untilActive, whenAbsent: "gone", timeoutMs: 1e9 });
    await clock.advance(1_000);
    const times = [...new Set(source.calls.map((c) => c.at))];
    expect(times[0]).toBe(120_150);
    expect(times.length).toBeGreaterThanOrEqual(2);
  });

  it("takes an absent flow log right after create as not visible yet, then as gone after the grace", async () => {
    const { clock, source, watcher } = setup();
    source.activeAt.set("fl-1", 2_000);
    source.hiddenUntil.set("fl-1", 1_500);
    const seen = track(watcher.wait({ flowLogId: "fl-1", classify: untilActive, whenAbsent: "gone", absentGraceMs: 5_000, timeoutMs: 60_000 }));
    const never = track(watcher.wait({ flowLogId: "fl-x", classify: untilActive, whenAbsent: "gone", absentGraceMs: 5_000, timeoutMs: 60_000 }));
    await clock.advance(4_000);
    expect(seen.outcome?.kind).toBe("reached");
    expect(never.outcome).toBeUndefined();
    await clock.advance(3_000);
    expect(never.outcome?.kind).toBe("gone");
  });

  it("takes a flow log seen in this wait and then missing as gone at once, grace or not (deleted by another client)", async () => {
    const { clock, source, watcher } = setup();
    source.activeAt.set("fl-1", 5_000);
    const box = track(watcher.wait({ flowLogId: "fl-1", classify: untilActive, whenAbsent: "gone", absentGraceMs: 20_000, timeoutMs: 60_000 }));
    await clock.advance(1_000);
    expect(box.outcome).toBeUndefined();
    source.activeAt.delete("fl-1");
    await clock.advance(500);
    expect(box.outcome).toMatchObject({ kind: "gone", lastSeen: { flowLogId: "fl-1", status: "Activating" } });
  });

  it("asks by id before ending a wait whose seen flow log one listing left out (no false 'gone')", async () => {
    const { clock, source, watcher } = setup();
    for (const id of ["fl-1", "fl-2", "fl-3"]) source.activeAt.set(id, 5_000);
    const boxes = ["fl-1", "fl-2", "fl-3"].map((id) => track(watcher.wait({ flowLogId: id, classify: untilActive, whenAbsent: "gone", timeoutMs: 60_000 })));
    await clock.advance(1_000);
    expect(source.calls.some((c) => c.kind === "all")).toBe(true);
    source.slipOnce.add("fl-2");
    const before = source.calls.length;
    await clock.advance(2_000);
    expect(source.calls.slice(before).some((c) => c.kind === "byId" && c.id === "fl-2")).toBe(true);
    await clock.advance(3_000);
    for (const box of boxes) expect(box.outcome?.kind).toBe("reached");
  });

  it("treats absence as reached when waiting for a delete", async () => {
    const { clock, watcher } = setup();
    const box = track(watcher.wait({ flowLogId: "fl-gone", classify: untilActive, whenAbsent: "reached", timeoutMs: 60_000 }));
    await clock.advance(300);
    expect(box.outcome).toMatchObject({ kind: "reached" });
  });

  it("ends with timeout (keeping the last sighting), honours abort, and reports failed statuses", async () => {
    const { clock, source, watcher } = setup();
    source.activeAt.set("fl-stuck", 1e9);
    const timeout = track(watcher.wait({ flowLogId: "fl-stuck", classify: untilActive, whenAbsent: "gone", timeoutMs: 2_000 }));
    const controller = new AbortController();
    const aborted = track(watcher.wait({ flowLogId: "fl-stuck", classify: untilActive, whenAbsent: "gone", timeoutMs: 60_000, signal: controller.signal }));
    const failed = track(watcher.wait({ flowLogId: "fl-stuck", classify: () => "failed", whenAbsent: "gone", timeoutMs: 60_000 }));
    await clock.advance(500);
    expect(failed.outcome).toMatchObject({ kind: "failed", status: "Activating" });
    controller.abort();
    await flush();
    expect(aborted.outcome?.kind).toBe("aborted");
    await clock.advance(2_000);
    expect(timeout.outcome).toMatchObject({ kind: "timeout", lastSeen: { flowLogId: "fl-stuck", status: "Activating" } });
    expect(watcher.size).toBe(0);
  });

  it("survives transient polling errors and stops on a permanent one", async () => {
    const { clock, source, watcher } = setup();
    source.activeAt.set("fl-1", 1_000);
    source.failNext = 3;
    const box = track(watcher.wait({ flowLogId: "fl-1", classify: untilActive, whenAbsent: "gone", timeoutMs: 60_000 }));
    await clock.advance(5_000);
    expect(box.outcome?.kind).toBe("reached");

    const clock2 = new FakeClock();
    const source2 = new ScriptedSource(clock2);
    source2.failNext = 1;
    const strict = new RegionWatcher(source2, { clock: clock2, isTransient: () => false });
    const box2 = track(strict.wait({ flowLogId: "fl-1", classify: untilActive, whenAbsent: "gone", timeoutMs: 60_000 }));
    await clock2.advance(300);
    expect(box2.outcome).toMatchObject({ kind: "error" });
  });

  it("fails a failOnError lookup (a read) on a transient round failure, while waits and other looks go on", async () => {
    const { clock, source, watcher } = setup();
    source.activeAt.set("fl-1", 0);
    source.failNext = 1;
    const read = watcher.lookup("fl-1", { timeoutMs: 60_000, failOnError: true }).then(
      () => "answered",
      (error: unknown) => (error as Error).message,
    );
    const patient = watcher.lookup("fl-1", { timeoutMs: 60_000 });
    await clock.advance(5_000);
    expect(await read).toBe("Throttling.User");
    expect((await patient)?.flowLogId).toBe("fl-1");
  });

  it("never settles a waiter with a round that started before it joined", async () => {
    const clock = new FakeClock();
    let release: (() => void) | undefined;
    let status = "Active";
    const source: FlowLogSource = {
      byId: (id) =>
        new Promise((resolve) => {
          const answer = flowLog(id, status);
          release = () => resolve(answer);
        }),
      byResource: async () => [],
      all: async () => listingOf([]),
    };
    const watcher = new RegionWatcher(source, { clock });
    const first = track(watcher.wait({ flowLogId: "fl-1", classify: untilActive, whenAbsent: "gone", timeoutMs: 60_000 }));
    await clock.advance(300); // round 1 in flight, answer "Active" captured
    status = "Modifying";
    const second = track(watcher.wait({ flowLogId: "fl-1", classify: untilActive, whenAbsent: "gone", timeoutMs: 60_000 }));
    release?.();
    await flush();
    expect(first.outcome?.kind).toBe("reached");
    expect(second.outcome).toBeUndefined();
  });
});

describe("RegionWatcher notes and lookups (issue 6: served by the shared rounds)", () => {
  it("serves the notes of creates that start within the window with ONE round that started after every one of them", async () => {
    const { clock, source, watcher } = setup();
    source.activeAt.set("fl-old", 0); // already on vpc-demo0001 before the creates
    const notes = [1, 2, 3, 4, 5].map(() => watcher.note("vpc-demo0001", { timeoutMs: 60_000 }));
    await clock.advance(10);
    const late = watcher.note("vpc-demo0001", { timeoutMs: 60_000 });
    await clock.advance(100);
    expect(source.calls).toHaveLength(1);
    expect(source.calls[0]!.at).toBeGreaterThanOrEqual(10);
    for (const note of [...notes, late]) expect((await note).map((f) => f.flowLogId)).toEqual(["fl-old"]);
  });

  it("never answers a note with a round that was already in flight when it was asked", async () => {
    const clock = new FakeClock();
    const releases: (() => void)[] = [];
    let onResource: CloudFlowLog[] = [];
    // Each call answers with the cloud as it was when the call was made, once released.
    const slow = (): Promise<CloudFlowLog[]> => {
      const answer = onResource;
      return new Promise((resolve) => releases.push(() => resolve(answer)));
    };
    const source: FlowLogSource = { byId: async () => undefined, byResource: slow, all: async () => listingOf(await slow()) };
    const watcher = new RegionWatcher(source, { clock });
    const first = watcher.note("vpc-demo0001", { timeoutMs: 60_000 });
    await clock.advance(50); // round 1 in flight: the resource is empty
    const second = watcher.note("vpc-demo0001", { timeoutMs: 60_000 });
    onResource = [flowLog("fl-new", "Activating")]; // created by the first create's CreateFlowLog, say
    releases.shift()?.();
    expect(await first).toEqual([]);
    await clock.advance(50);
    releases.shift()?.();
    expect((await second).map((f) => f.flowLogId)).toEqual(["fl-new"]);
  });

  it("retries a lookup after transient failures and gives up with FlowLogOperationError at its timeout", async () => {
    const { clock, source, watcher } = setup();
    source.activeAt.set("fl-1", 0);
    source.failNext = 2;
    const found = watcher.lookup("fl-1", { timeoutMs: 10_000 });
    await clock.advance(5_000);
    expect((await found)?.status).toBe("Active");

    source.failNext = 1_000;
    const never = watcher.lookup("fl-1", { timeoutMs: 3_000 }).catch((e: unknown) => e);
    await clock.advance(3_000);
    const error = await never;
    expect(FlowLogOperationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/within 3 s; last error: Throttling/);
    // Failed rounds back off like a wait (0.3 s + 8%), never spin.
    expect(source.calls.filter((c) => c.at >= 5_000).length).toBeLessThanOrEqual(12);
  });

  it("names at a wait's timeout only the errors of calls about its own flow log, not another's in the same round", async () => {
    const { clock, source, watcher } = setup();
    // Two waits, each looked up by its FlowLogId in the same rounds: fl-1's calls fail, fl-2's answer Activating.
    source.activeAt.set("fl-1", 1e9);
    source.activeAt.set("fl-2", 1e9);
    source.failingIds.add("fl-1");
    const failing = track(watcher.wait({ flowLogId: "fl-1", classify: untilActive, whenAbsent: "gone", timeoutMs: 3_000 }));
    const slow = track(watcher.wait({ flowLogId: "fl-2", classify: untilActive, whenAbsent: "gone", timeoutMs: 3_000 }));
    await clock.advance(3_000);
    expect(source.calls.filter((c) => c.id === "fl-2").length).toBeGreaterThan(3);
    expect(failing.outcome).toMatchObject({ kind: "timeout", lastError: new Error("ServiceUnavailable while looking up fl-1") });
    expect(slow.outcome?.kind).toBe("timeout");
    expect(slow.outcome).not.toHaveProperty("lastError");
    expect(slow.outcome).toMatchObject({ lastSeen: { flowLogId: "fl-2", status: "Activating" } });
  });

  it("forgets a wait's last error once a round sees its flow log again", async () => {
    const { clock, source, watcher } = setup();
    source.activeAt.set("fl-1", 1e9);
    source.failingIds.add("fl-1");
    const box = track(watcher.wait({ flowLogId: "fl-1", classify: untilActive, whenAbsent: "gone", timeoutMs: 3_000 }));
    await clock.advance(1_000);
    source.failingIds.delete("fl-1");
    await clock.advance(2_000);
    expect(box.outcome?.kind).toBe("timeout");
    expect(box.outcome).not.toHaveProperty("lastError");
  });

  it("names in each lookup's timeout its own call's error, not another lookup's from the same round", async () => {
    const { clock, source, watcher } = setup();
    source.failingIds.add("fl-1");
    source.failingIds.add("fl-2");
    const first = watcher.lookup("fl-1", { timeoutMs: 2_000 }).catch((e: unknown) => e);
    const second = watcher.lookup("fl-2", { timeoutMs: 2_000 }).catch((e: unknown) => e);
    await clock.advance(2_000);
    expect(((await first) as Error).message).toMatch(/within 2 s; last error: ServiceUnavailable while looking up fl-1$/);
    expect(((await second) as Error).message).toMatch(/within 2 s; last error: ServiceUnavailable while looking up fl-2$/);
  });
});

describe("RegionWatcher notes from a fresh listing (issue 6: no round of its own for a create that follows one)", () => {
  /** Three waits (more than the two served by id) make the watcher list the region; returns when that listing started. */
  async function listOnce(clock: FakeClock, source: ScriptedSource, watcher: RegionWatcher): Promise<number> {
    for (const id of ["fl-1", "fl-2", "fl-3"]) {
      source.activeAt.set(id, 0);
      void watcher.wait({ flowLogId: id, classify: untilActive, whenAbsent: "gone", timeoutMs: 60_000 });
    }
    await clock.advance(400);
    expect(source.calls.map((c) => c.kind)).toEqual(["all"]);
    return source.calls[0]!.at;
  }

  it("answers a note at once from a listing that started at most noteMaxAgeMs (1 s) before it", async () => {
    const { clock, source, watcher } = setup();
    const listedAt = await listOnce(clock, source, watcher);
    await clock.advance(listedAt + 1_000 - clock.now());
    const noted = await watcher.note("vpc-demo0001", { timeoutMs: 60_000 });
    expect(noted.map((f) => f.flowLogId)).toEqual(["fl-1", "fl-2", "fl-3"]);
    expect(source.calls).toHaveLength(1);
  });

  it("takes a round of its own for a second note on the same resource: the first create's flow log may be missing from the listing", async () => {
    const { clock, source, watcher } = setup();
    await listOnce(clock, source, watcher);
    expect(await watcher.note("vpc-demo0001", { timeoutMs: 60_000 })).toHaveLength(3);
    source.activeAt.set("fl-4", 0); // made by the first note's CreateFlowLog, say
    const second = watcher.note("vpc-demo0001", { timeoutMs: 60_000 });
    await clock.advance(100);
    expect((await second).map((f) => f.flowLogId)).toContain("fl-4");
    expect(source.calls.map((c) => c.kind)).toEqual(["all", "byResource"]);
  });

  it("takes a round of its own once the listing is older than noteMaxAgeMs, or always when that is 0", async () => {
    const { clock, source, watcher } = setup();
    const listedAt = await listOnce(clock, source, watcher);
    await clock.advance(listedAt + 1_001 - clock.now());
    const late = watcher.note("vpc-demo0002", { timeoutMs: 60_000 });
    await clock.advance(100);
    expect(await late).toEqual([]);
    expect(source.calls.map((c) => c.kind)).toEqual(["all", "byResource"]);

    const strictClock = new FakeClock();
    const strictSource = new ScriptedSource(strictClock);
    const strict = new RegionWatcher(strictSource, { clock: strictClock, isTransient: () => true, noteMaxAgeMs: 0 });
    await listOnce(strictClock, strictSource, strict);
    const noted = strict.note("vpc-demo0001", { timeoutMs: 60_000 });
    await strictClock.advance(100);
    expect(await noted).toHaveLength(3);
    expect(strictSource.calls.map((c) => c.kind)).toEqual(["all", "byResource"]);
  });
});

describe("RegionWatcher listing estimate (where a listing starts reading: region-listing.ts)", () => {
  it("expects the last listing's flow logs plus one per create noted since, minus delete waits past their usual time", async () => {
    const clock = new FakeClock();
    const estimates: (number | undefined)[] = [];
    let region = Array.from({ length: 60 }, (_, i) => flowLog(`fl-${i}`, "Active"));
    const source: FlowLogSource = {
      byId: async (id) => region.find((f) => f.flowLogId === id),
      byResource: async () => [],
      all: async (estimate) => (estimates.push(estimate), listingOf(region)),
    };
    const watcher = new RegionWatcher(source, { clock, isTransient: () => true, budget: { callsPerSecond: 100, burst: 100 } });
    const untilGone = { kind: "gone", classify: () => "pending" as const, whenAbsent: "reached" as const, timeoutMs: 60_000 };
    // Three deletes that take 2 s teach the watcher how long deletes take.
    for (const id of ["fl-0", "fl-1", "fl-2"]) void watcher.wait({ ...untilGone, flowLogId: id });
    await clock.advance(1_000);
    expect(estimates[0]).toBe(0); // nothing known yet
    region = region.slice(3);
    await clock.advance(2_000);
    expect(watcher.size).toBe(0);
    // Ten creates take notes (one resource each): the listing that answers them expects ten flow logs more.
    const listed = estimates.length;
    await Promise.all(Array.from({ length: 10 }, (_, i) => watcher.note(`vpc-new-${i}`, { timeoutMs: 60_000 }).then(() => clock.now())).concat([clock.advance(500).then(() => 0)]));
    expect(estimates.slice(listed)).toEqual([57 + 10]);
    // Three more deletes: once they have waited as long as deletes take, a listing expects them gone.
    for (const id of ["fl-3", "fl-4", "fl-5"]) void watcher.wait({ ...untilGone, flowLogId: id });
    await clock.advance(5_000);
    expect(estimates.at(-1)).toBe(57 - 3);
  });
});

describe("RegionWatcher budget (issue 6: bounded load)", () => {
  it("keeps DescribeFlowLogs calls within the budget with 200 waiters on a four-page region, and still serves them all", async () => {
    const clock = new FakeClock();
    const source = new ScriptedSource(clock);
    const watcher = new RegionWatcher(source, { clock, isTransient: () => true, budget: { callsPerSecond: 2, burst: 4 } });
    const ids = Array.from({ length: 200 }, (_, i) => `fl-${i}`);
    ids.forEach((id, i) => source.activeAt.set(id, 3_000 + 50 * i));
    const boxes = ids.map((id) => track(watcher.wait({ flowLogId: id, classify: untilActive, whenAbsent: "gone", timeoutMs: 600_000 })));
    await clock.advance(60_000);
    expect(boxes.every((b) => b.outcome?.kind === "reached")).toBe(true);
    // Every round lists the region: 4 pages of 50. Unpaced, the youngest waiter's schedule asks for a round every ~0.3-1 s.
    expect(source.calls.every((c) => c.kind === "all")).toBe(true);
    const calls = watcher.stats.describeCalls;
    const lastRoundAt = source.calls[source.calls.length - 1]!.at;
    expect(calls).toBeLessThanOrEqual(4 + 2 * (lastRoundAt / 1000) + 4);
    for (let start = 0; start < lastRoundAt; start += 1_000) {
      const inWindow = source.calls.filter((c) => c.at >= start && c.at < start + 10_000).length * 4;
      expect(inWindow, `calls from ${start} ms`).toBeLessThanOrEqual(2 * 10 + 4 + 4);
    }
  });

  it("does not hold back a lone wait: its looks follow its own schedule even after the burst is spent", async () => {
    const clock = new FakeClock();
    const source = new ScriptedSource(clock);
    const watcher = new RegionWatcher(source, { clock, budget: { callsPerSecond: 1, burst: 1 } });
    source.activeAt.set("fl-1", 1e9);
    void watcher.wait({ flowLogId: "fl-1", classify: untilActive, whenAbsent: "gone", timeoutMs: 1e9 });
    await clock.advance(2_000);
    // The lone schedule (schedule.ts: 150 ms + 8% of the wait), ahead of a budget of 1 call a second.
    expect(source.calls.map((c) => c.at)).toEqual([150, 312, 487, 676, 880, 1100, 1338, 1595, 1873]);
  });
});
