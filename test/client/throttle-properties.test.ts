/**
 * Property test of src/client/throttle.ts (RateLimiter over ActionBucket) on a fake clock: time moves only when a step
 * is taken, firing the sleeps due in order. Random interleavings of acquire (some with maxWaitMs, some aborted at a
 * later clock time), throttled(), writes of granted calls reported late (wrote()) and clock steps. Invariants (README
 * "Client defaults"; throttle.ts docstrings):
 *  1. every acquire settles: with the send time granted (the clock then), or undefined only when it had a maxWaitMs, or
 *     rejects only when it was aborted;
 *  2. grants come in the order asked (grant times non-decreasing in call order);
 *  3. with burst <= rate: never more than max(1, floor(rate at that time)) sends within any 1050 ms (window (g-1050, g]),
 *     a send counted at its grant, or at its write when that was reported before g was granted and came more than
 *     WRITE_LAG_MS after its grant;
 *  4. after throttled(), the acquires queued at that moment are granted at least 1000 / newRate apart;
 *  5. the bucket's tokens never exceed burst.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Clock } from "../../src/client/clock";
import { RateLimiter, RECOVERY_PER_SECOND, WINDOW_MS, WRITE_LAG_MS } from "../../src/client/throttle";

class FakeClock implements Clock {
  t = 0;
  private seq = 0;
  private timers: { at: number; seq: number; fire: () => void }[] = [];
  now(): number {
    return this.t;
  }
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const timer = { at: this.t + Math.max(0, ms), seq: this.seq++, fire: () => resolve() };
      this.timers.push(timer);
      signal?.addEventListener("abort", () => {
        this.timers = this.timers.filter((x) => x !== timer);
        reject(signal.reason);
      }, { once: true });
    });
  }
  /** A clock-driven event (an abort at a given time). */
  at(ms: number, fire: () => void): void {
    this.timers.push({ at: this.t + ms, seq: this.seq++, fire });
  }
  pending(): number {
    return this.timers.length;
  }
  async advance(ms: number): Promise<void> {
    const target = this.t + ms;
    for (;;) {
      await flush();
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.timers[0];
      if (next === undefined || next.at > target) break;
      this.timers.shift();
      this.t = Math.max(this.t, next.at);
      next.fire();
    }
    this.t = target;
    await flush();
  }
}
const flush = (): Promise<void> => new Promise((r) => setImmediate(r));

type Op =
  | { kind: "acquire"; maxWaitMs?: number; abortAfterMs?: number }
  | { kind: "throttled" }
  | { kind: "wrote"; pick: number }
  | { kind: "step"; ms: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant("acquire" as const), maxWaitMs: fc.option(fc.integer({ min: 0, max: 3000 }), { nil: undefined }), abortAfterMs: fc.option(fc.integer({ min: 0, max: 3000 }), { nil: undefined }) }, { requiredKeys: ["kind"] }) },
  { weight: 1, arbitrary: fc.constant({ kind: "throttled" as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("wrote" as const), pick: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("step" as const), ms: fc.integer({ min: 0, max: 1500 }) }) },
);

interface Call {
  id: number;
  op: Extract<Op, { kind: "acquire" }>;
  outcome?: "granted" | "refused" | "rejected";
  grantedAt?: number;
  /** Order of the grant among grants and write reports. */
  grantSeq?: number;
  rateAtGrant?: number;
  writtenAt?: number;
  writeSeq?: number;
  aborted: boolean;
}

interface Bucket {
  tokens: number;
  rate: number;
  updatedAt: number;
  pending: { at: number }[];
}

async function run(limit: { requestsPerSecond: number; burst: number }, ops: Op[]): Promise<string[]> {
  const clock = new FakeClock();
  const limiter = new RateLimiter(limit, clock);
  const bucket = (): Bucket => (limiter as unknown as { buckets: Map<string, Bucket> }).buckets.get("A")!;
  const rateNow = (): number => {
    const b = bucket();
    const max = limit.requestsPerSecond;
    return Math.min(max, b.rate + (Math.max(0, clock.t - b.updatedAt) / 1000) * max * RECOVERY_PER_SECOND);
  };
  const problems: string[] = [];
  const calls: Call[] = [];
  const throttles: { at: number; newRate: number; queued: Call[] }[] = [];
  let seq = 0;
  const checkTokens = (where: string): void => {
    const b = (limiter as unknown as { buckets: Map<string, Bucket> }).buckets.get("A");
    if (b && b.tokens > limit.burst + 1e-9) problems.push(`tokens ${b.tokens} above burst ${limit.burst} after ${where}`);
  };
  for (const op of ops) {
    if (op.kind === "step") await clock.advance(op.ms);
    else if (op.kind === "throttled") {
      const queued = calls.filter((c) => c.outcome === undefined && !c.aborted);
      const slowedAt = (): number => (bucket() as unknown as { slowedAt: number } | undefined)?.slowedAt ?? Number.NEGATIVE_INFINITY;
      const before = slowedAt();
      limiter.throttled("A");
      // Only a throttled() that slowed down (not one within SLOW_DOWN_COOLDOWN_MS of the last) re-spaces the queue.
      if (slowedAt() !== before) throttles.push({ at: clock.t, newRate: bucket().rate, queued });
      await flush();
    } else if (op.kind === "wrote") {
      const unwritten = calls.filter((c) => c.outcome === "granted" && c.writtenAt === undefined);
      const call = unwritten[op.pick % Math.max(1, unwritten.length)];
      if (call) {
        limiter.wrote("A", call.grantedAt!);
        call.writtenAt = clock.t;
        call.writeSeq = seq++;
      }
      await flush();
    } else {
      const call: Call = { id: calls.length, op, aborted: false };
      calls.push(call);
      const controller = new AbortController();
      if (op.abortAfterMs !== undefined) {
        clock.at(op.abortAfterMs, () => {
          if (call.outcome === undefined) call.aborted = true;
          controller.abort(new Error("aborted"));
        });
      }
      limiter.acquire("A", controller.signal, op.maxWaitMs).then(
        (grantedAt) => {
          call.outcome = grantedAt !== undefined ? "granted" : "refused";
          if (grantedAt !== undefined) {
            if (grantedAt !== clock.t) problems.push(`call ${call.id} resolved at ${clock.t} with the grant time ${grantedAt}`);
            call.grantedAt = grantedAt;
            call.grantSeq = seq++;
            call.rateAtGrant = rateNow();
          }
        },
        () => (call.outcome = "rejected"),
      );
      await flush();
    }
    checkTokens(op.kind);
  }
  for (let i = 0; i < 10_000 && clock.pending() > 0; i++) await clock.advance(1000);
  await flush();

  // 1. every call settles as its options allow
  for (const c of calls) {
    if (c.outcome === undefined) problems.push(`call ${c.id} never settled`);
    if (c.outcome === "refused" && c.op.maxWaitMs === undefined) problems.push(`call ${c.id} refused without maxWaitMs`);
    if (c.outcome === "rejected" && !c.aborted) problems.push(`call ${c.id} rejected without being aborted`);
  }
  const granted = calls.filter((c) => c.outcome === "granted");
  // 2. order asked
  for (let i = 1; i < granted.length; i++) {
    if (granted[i]!.grantedAt! < granted[i - 1]!.grantedAt!) {
      problems.push(`call ${granted[i]!.id} granted at ${granted[i]!.grantedAt} before call ${granted[i - 1]!.id} at ${granted[i - 1]!.grantedAt}`);
    }
  }
  // 3. window, each send counted where the limiter could know it when g was granted
  if (limit.burst <= limit.requestsPerSecond) {
    const sentAt = (x: Call, g: Call): number =>
      x !== g && x.writeSeq !== undefined && x.writeSeq < g.grantSeq! && x.writtenAt! - x.grantedAt! > WRITE_LAG_MS ? x.writtenAt! : x.grantedAt!;
    for (const g of granted) {
      const inWindow = granted.filter((x) => sentAt(x, g) + WINDOW_MS > g.grantedAt! + 1e-6 && sentAt(x, g) <= g.grantedAt!).length;
      const allowed = Math.max(1, Math.floor(g.rateAtGrant! + 1e-9));
      if (inWindow > allowed) problems.push(`${inWindow} grants within ${WINDOW_MS} ms ending at ${g.grantedAt} (rate then ${g.rateAtGrant}, allowed ${allowed})`);
    }
  }
  // 4. queued calls re-spaced after throttled()
  for (const t of throttles) {
    const times = t.queued.filter((c) => c.outcome === "granted" && c.grantedAt! > t.at).map((c) => c.grantedAt!);
    for (let i = 1; i < times.length; i++) {
      if (times[i]! - times[i - 1]! < 1000 / t.newRate - 1) /* 1 ms: the bucket rounds waits up to whole ms */ problems.push(`after throttled() at ${t.at} (rate ${t.newRate}) queued grants ${times[i - 1]} and ${times[i]} are closer than ${1000 / t.newRate} ms`);
    }
  }
  stats.waited += granted.filter((c) => c.grantedAt! > 0).length;
  stats.refused += calls.filter((c) => c.outcome === "refused").length;
  stats.rejected += calls.filter((c) => c.outcome === "rejected").length;
  stats.respaced += throttles.filter((t) => t.queued.length > 1).length;
  stats.writtenLate += calls.filter((c) => c.writtenAt !== undefined && c.writtenAt - c.grantedAt! > WRITE_LAG_MS).length;
  return problems;
}
/** The harness must exercise waits, refusals, aborts and re-spacing, or the properties prove nothing. */
const stats = { waited: 0, refused: 0, rejected: 0, respaced: 0, writtenLate: 0 };

const windowedLimit = fc.integer({ min: 1, max: 25 }).chain((rate) => fc.record({ requestsPerSecond: fc.constant(rate), burst: fc.integer({ min: 1, max: rate }) }));
const anyLimit = fc.oneof(windowedLimit, fc.record({ requestsPerSecond: fc.integer({ min: 1, max: 20 }), burst: fc.integer({ min: 1, max: 40 }) }));

describe("RateLimiter on a fake clock: random interleavings", () => {
  it("windowed (burst <= rate): all five invariants", async () => {
    await fc.assert(
      fc.asyncProperty(windowedLimit, fc.array(opArb, { minLength: 1, maxLength: 60 }), async (limit, ops) => {
        const problems = await run(limit, ops);
        expect(problems.slice(0, 3)).toEqual([]);
      }),
      { numRuns: Number(process.env.RV2_RUNS ?? 300) },
    );
  }, 60_000);

  it("any burst: settle, order, re-spacing and tokens", async () => {
    await fc.assert(
      fc.asyncProperty(anyLimit, fc.array(opArb, { minLength: 1, maxLength: 60 }), async (limit, ops) => {
        const problems = await run(limit, ops);
        expect(problems.slice(0, 3)).toEqual([]);
      }),
      { numRuns: Number(process.env.RV2_RUNS ?? 300) },
    );
  }, 60_000);

  // Broken promise: ActionBucket.reserve "queues concurrent callers fairly" (README: a process-wide limiter of N requests
  // per second). With burst > requestsPerSecond (no window), after a Throttling answer the rate recovers while callers
  // are queued; refill() credits the tokens at the recovered rate, so a caller asking later computes a shorter wait from
  // the new rate and is granted before callers queued earlier (and more sends land in that stretch than the rate allows).
  it("burst > rate: after throttled(), a caller asking 2 s later is not granted before the 30 queued earlier", async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ requestsPerSecond: 20, burst: 40 }, clock);
    const grants: { id: number; at: number }[] = [];
    const ask = (id: number): void => {
      void limiter.acquire("A").then(() => grants.push({ id, at: clock.t }));
    };
    for (let i = 0; i < 40; i++) ask(i); // the burst, at once
    await flush();
    limiter.throttled("A"); // rate 10/s, tokens 0
    for (let i = 40; i < 70; i++) ask(i); // queued: 100 ms apart, until 3 s
    await flush();
    await clock.advance(2000);
    ask(70);
    for (let i = 0; i < 10 && clock.pending() > 0; i++) await clock.advance(1000);
    const late = grants.find((g) => g.id === 70)!;
    const overtaken = grants.filter((g) => g.id >= 40 && g.id < 70 && g.at > late.at).map((g) => g.id);
    expect({ grantedAt: late.at, overtaken }).toEqual({ grantedAt: expect.any(Number), overtaken: [] });
  });

  it("the runs above waited, refused, aborted, re-spaced and reported late writes", () => {
    expect(Object.values(stats).every((n) => n > 0), JSON.stringify(stats)).toBe(true);
  });
});
