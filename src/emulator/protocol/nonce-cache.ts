/**
 * Remembers signature nonces so a signed request cannot be replayed (`SignatureNonceUsed`).
 *
 * A nonce only needs remembering while its request's timestamp is still inside the accepted window: after that the
 * replay fails with InvalidTimeStamp.Expired anyway. So each nonce is kept until `requestTime + windowMs` (at least
 * `now + windowMs`), which is at most 30 minutes for the 15-minute window, and still refused at that very millisecond
 * (checkTimestamp accepts a timestamp exactly `windowMs` old). Memory is bounded by `maxEntries` keys of fixed size (a
 * SHA-256 digest of the key ID and nonce, so a long nonce costs no more than a short one): past it, the oldest nonces are
 * forgotten first (documented trade-off: a flood of more than `maxEntries` requests inside the window could make an old
 * nonce reusable).
 */
import { createHash } from "node:crypto";

/** Options of {@link NonceCache}. */
export interface NonceCacheOptions {
  /** The clock window in ms the timestamps are checked against. @default 900000 (15 minutes) */
  readonly windowMs?: number;
  /** Most nonces kept at once. @default 200000 */
  readonly maxEntries?: number;
}

/** A bounded, expiring set of `accessKeyId + nonce`. */
export class NonceCache {
  private readonly windowMs: number;
  private readonly maxEntries: number;
  /** Insertion order is roughly expiry order: pruning looks at the oldest entries first. */
  private readonly expiries = new Map<string, number>();

  constructor(options: NonceCacheOptions = {}) {
    this.windowMs = options.windowMs ?? 15 * 60 * 1000;
    this.maxEntries = options.maxEntries ?? 200_000;
  }

  /**
   * Records the nonce and answers true when it is fresh; false when it was seen and has not expired.
   * `nowMs` is the server's time, `requestTimeMs` the request's own timestamp.
   */
  remember(accessKeyId: string, nonce: string, nowMs: number, requestTimeMs: number): boolean {
    this.prune(nowMs);
    const key = createHash("sha256").update(accessKeyId).update("\u0000").update(nonce).digest("base64");
    const expiry = this.expiries.get(key);
    if (expiry !== undefined && expiry >= nowMs) return false;
    this.expiries.delete(key);
    this.expiries.set(key, Math.max(nowMs, requestTimeMs) + this.windowMs);
    while (this.expiries.size > this.maxEntries) {
      const oldest = this.expiries.keys().next().value;
      if (oldest === undefined) break;
      this.expiries.delete(oldest);
    }
    return true;
  }

  /** How many nonces are held (for tests). */
  get size(): number {
    return this.expiries.size;
  }

  /** Forgets every nonce. */
  clear(): void {
    this.expiries.clear();
  }

  private prune(nowMs: number): void {
    for (const [key, expiry] of this.expiries) {
      if (expiry >= nowMs) break;
      this.expiries.delete(key);
    }
  }
}
