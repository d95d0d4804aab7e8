/**
 * "A create's note may come from the last region listing" (watcher.ts `note`, `rememberListing`): orders of
 * events in which a note answered from the cached listing could miss a flow log that this process created on the
 * resource (issue 5: the create would then take it for its own), or in which a stale listing is reused.
 */
import { describe, expect, it } from "vitest";
import { RegionWatcher, type CloudFlowLog, type FlowLogSource, type RegionListing, type WaitOutcome } from "../../src/provider";
import { cloudFromInputs } from "../../src/provider/mapping";
import { listingOf } from "./helpers/listing";
import { FakeClock, flush } from "./helpers/fake-clock";

const R = "vpc-demo0001";
const OTHER = "vpc-demo0002";

function flowLog(id: string, resourceId: string): CloudFlowLog {
  const inputs = { resourceType: "VPC", resourceId, trafficType: "All", projectName: "p", logStoreName: "s" } as const;
  return cloudFromInputs({ ...inputs, status: "Active", timeouts: { create: "1m", update: "1m", delete: "1m" } }, id, "cn-hangzhou", "Activating");
}

/** A cloud whose flow logs sit on given resources; a listing may take a while (its answer is the cloud at its start). */
class Cloud implements FlowLogSource {
  readonly calls: { kind: "byId" | "byResource" | "all"; at: number; id?: string }[] = [];
  readonly flowLogs = new Map<string, string>();
  listingMs = 0;
  failNext = 0;

  constructor(private readonly clock: FakeClock) {}

  create(id: string, resourceId: string): void {
    this.flowLogs.set(id, resourceId);
  }

  private snapshot(): CloudFlowLog[] {
    return [...this.flowLogs].map(([id, resourceId]) => flowLog(id, resourceId));
  }

  private fail(): void {
    if (this.failNext > 0) {
      this.failNext -= 1;
      throw new Error("Throttling.User");
    }
  }

  async byId(id: string): Promise<CloudFlowLog | undefined> {
    this.calls.push({ kind: "byId", at: this.clock.now(), id });
    this.fail();
    return this.snapshot().find((f) => f.flowLogId === id);
  }

  async byResource(resourceId: string): Promise<CloudFlowLog[]> {
    this.calls.push({ kind: "byResource", at: this.clock.now(), id: resourceId });
    this.fail();
    return this.snapshot().filter((f) => f.resourceId === resourceId);
  }

  async all(): Promise<RegionListing> {
    this.calls.push({ kind: "all", at: this.clock.now() });
    this.fail();
    const answer = this.snapshot();
    if (this.listingMs > 0) await new Promise<void>((resolve) => this.clock.setTimer(resolve, this.listingMs));
    return listingOf(answer);
  }
}

const neverActive = (): "pending" => "pending";

function setup(options: { noteMaxAgeMs?: number } = {}) {
  const clock = new FakeClock();
  const cloud = new Cloud(clock);
  const watcher = new RegionWatcher(cloud, { clock, isTransient: () => true, ...options });
  return { clock, cloud, watcher };
}

/** Three waits that never end (more than the two served by id): every round of the watcher is a region listing. */
function keepListing(cloud: Cloud, watcher: RegionWatcher, signal?: AbortSignal): Promise<WaitOutcome>[] {
  return ["fl-w1", "fl-w2", "fl-w3"].map((id) => {
    cloud.create(id, OTHER);
    return watcher.wait({ flowLogId: id, classify: neverActive, whenAbsent: "gone", timeoutMs: 600_000, signal });
  });
}

const ids = (flowLogs: readonly CloudFlowLog[]) => flowLogs.map((f) => f.flowLogId).sort();
const listings = (cloud: Cloud) => cloud.calls.filter((c) => c.kind === "all").map((c) => c.at);

describe("note from the last listing: never misses a flow log this process created on the resource", () => {
  it("a note answered BY a listing (asked before it started) keeps the next note on that resource off that listing", async () => {
    const { clock, cloud, watcher } = setup();
    cloud.create("fl-old", R);
    // Create A's note joins the three waits' first round: a region listing that starts 30 ms after the note was asked.
    const stop = new AbortController();
    keepListing(cloud, watcher, stop.signal);
    const first = watcher.note(R, { timeoutMs: 60_000 });
    await clock.advance(30);
    expect(listings(cloud)).toEqual([30]);
    expect(ids(await first)).toEqual(["fl-old"]);
    stop.abort(); // no later listing: the next note can only come from this one or from a round of its own
    // A's CreateFlowLog, sent once its note is answered, makes fl-a (after the listing started, so not in it).
    await clock.advance(100);
    cloud.create("fl-a", R);
    // Create B on the same resource 0.5 s after the listing started: its note must show fl-a as existing before B's
    // CreateFlowLog, or B, if its answer is lost, takes A's flow log for its own (issue 5).
    await clock.advance(370);
    const second = watcher.note(R, { timeoutMs: 60_000 });
    await clock.advance(100);
    expect(ids(await second)).toEqual(["fl-a", "fl-old"]);
  });

  it("a note answered from one listing keeps the next note on that resource off a later listing that may have missed its create", async () => {
    const { clock, cloud, watcher } = setup();
    const stop = new AbortController();
    keepListing(cloud, watcher, stop.signal);
    await clock.advance(400);
    const [l1] = listings(cloud);
    expect(l1).toBeDefined();
    // Create A: its note comes from the first listing at once.
    const first = watcher.note(R, { timeoutMs: 60_000 });
    expect(await first).toEqual([]);
    const askedA = clock.now();
    // The second listing starts while A's CreateFlowLog is still queued (the client's rate limiter, say) ...
    for (let i = 0; i < 100 && listings(cloud).length < 2; i++) await clock.advance(50);
    const l2 = listings(cloud)[1]!;
    expect(l2).toBeGreaterThan(askedA);
    // ... and lands right after that listing read the region.
    cloud.create("fl-a", R);
    await clock.advance(100);
    // B's note, within 1 s of the second listing's start: fl-a exists and must be in it.
    expect(clock.now() - l2).toBeLessThanOrEqual(1_000);
    const second = watcher.note(R, { timeoutMs: 60_000 });
    await clock.advance(100);
    expect(ids(await second)).toEqual(["fl-a"]);
    stop.abort();
  });

  it("two notes on one resource in one coalescing window after a listing: the first from the listing, the second from a round of its own", async () => {
    const { clock, cloud, watcher } = setup();
    const stop = new AbortController();
    keepListing(cloud, watcher, stop.signal);
    await clock.advance(400);
    const before = cloud.calls.length;
    const first = watcher.note(R, { timeoutMs: 60_000 });
    const second = watcher.note(R, { timeoutMs: 60_000 });
    expect(await first).toEqual([]);
    cloud.create("fl-a", R); // the first create's CreateFlowLog
    await clock.advance(50);
    expect(ids(await second)).toEqual(["fl-a"]);
    expect(cloud.calls.length).toBeGreaterThan(before);
    stop.abort();
  });

  it("a note on another resource is still answered from the listing (the change's purpose is kept)", async () => {
    const { clock, cloud, watcher } = setup();
    const stop = new AbortController();
    keepListing(cloud, watcher, stop.signal);
    const a = watcher.note(R, { timeoutMs: 60_000 });
    await clock.advance(30);
    await a;
    const calls = cloud.calls.length;
    expect(await watcher.note("vpc-demo0003", { timeoutMs: 60_000 })).toEqual([]);
    expect(cloud.calls.length).toBe(calls);
    stop.abort();
  });
});

describe("note from the last listing: age, failures, abort and timers", () => {
  it("never reuses a listing that started more than noteMaxAgeMs before the note, even one that took longer than that to page", async () => {
    const { clock, cloud, watcher } = setup();
    cloud.listingMs = 1_200; // a region of many pages: the listing ends 1.2 s after it started
    const stop = new AbortController();
    keepListing(cloud, watcher, stop.signal);
    await clock.advance(300);
    const [l1] = listings(cloud);
    await clock.advance(1_200);
    expect(clock.now() - l1!).toBeGreaterThan(1_000);
    cloud.create("fl-x", R); // made by another client after the listing read the region
    const note = watcher.note(R, { timeoutMs: 60_000 });
    await clock.advance(2_000);
    expect(ids(await note)).toEqual(["fl-x"]);
    stop.abort();
  });

  it("reuses at exactly noteMaxAgeMs and not 1 ms later; noteMaxAgeMs 0 never reuses", async () => {
    for (const [age, maxAge, reused] of [
      [1_000, undefined, true],
      [1_001, undefined, false],
      [0, 0, false],
      [1, 0, false],
    ] as const) {
      const { clock, cloud, watcher } = setup({ noteMaxAgeMs: maxAge });
      const stop = new AbortController();
      keepListing(cloud, watcher, stop.signal);
      await clock.advance(300);
      stop.abort();
      const [l1] = listings(cloud);
      expect(listings(cloud)).toHaveLength(1);
      await clock.advance(l1! + age - clock.now());
      const calls = cloud.calls.length;
      const note = watcher.note(R, { timeoutMs: 60_000 });
      await flush();
      expect(cloud.calls.length === calls && (await Promise.race([note.then(() => true), flush().then(() => false)])), `age ${age}`).toBe(reused);
      stop.abort();
    }
  });

  it("does not remember a failed listing: a note after it is not answered from an older one beyond its age", async () => {
    const { clock, cloud, watcher } = setup();
    const stop = new AbortController();
    keepListing(cloud, watcher, stop.signal);
    await clock.advance(300);
    const [l1] = listings(cloud);
    cloud.failNext = 1_000;
    await clock.advance(l1! + 1_500 - clock.now()); // later listings fail
    expect(listings(cloud).length).toBeGreaterThan(1);
    cloud.create("fl-x", R);
    let settled = false;
    const note = watcher.note(R, { timeoutMs: 2_000 }).then(
      (found) => ((settled = true), ids(found)),
      (error: unknown) => ((settled = true), (error as Error).message),
    );
    await flush();
    expect(settled).toBe(false);
    cloud.failNext = 0;
    await clock.advance(2_000);
    expect(await note).toEqual(["fl-x"]);
    stop.abort();
  });

  it("an aborted note rejects with the signal's reason, even while the listing is fresh, and starts no round", async () => {
    const { clock, cloud, watcher } = setup();
    const stop = new AbortController();
    keepListing(cloud, watcher, stop.signal);
    await clock.advance(300);
    const controller = new AbortController();
    controller.abort(new Error("cancelled"));
    const calls = cloud.calls.length;
    await expect(watcher.note(OTHER, { timeoutMs: 60_000, signal: controller.signal })).rejects.toThrow("cancelled");
    stop.abort();
    await clock.advance(5_000);
    expect(cloud.calls.length).toBe(calls);
  });

  it("leaves no timer behind after a note answered from the listing", async () => {
    const { clock, cloud, watcher } = setup();
    const stop = new AbortController();
    keepListing(cloud, watcher, stop.signal);
    await clock.advance(300);
    stop.abort();
    await flush();
    const calls = cloud.calls.length;
    expect(await watcher.note(OTHER, { timeoutMs: 60_000 })).toHaveLength(3);
    await clock.advance(600_000);
    expect(cloud.calls.length).toBe(calls);
    expect((clock as unknown as { timers: unknown[] }).timers).toEqual([]);
  });
});
