/**
 * Properties of src/provider/duration.ts against a port of Go's time.ParseDuration and time.Duration.String
 * (Go's src/time/format.go; grammar `[-+]?([0-9]*(\.[0-9]*)?[a-z]+)+`, special case "0", units ns us µs μs ms s m h).
 * duration.ts promises Go's form (what Pulumi's customTimeouts use), fractions allowed, rounded to milliseconds, at
 * least 1ms and at most 24h. FlowLogArgs (src/resource/flow-log-args.ts) says the same for `timeouts`.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkFlowLogInputs, isDuration, parseDurationMs } from "../../../src/provider";
import { MAX_TIMEOUT_MS, timeoutRule } from "../../../src/provider/duration";

const NS_PER_MS = 1_000_000n;
const UNITS: Record<string, bigint> = { ns: 1n, us: 1_000n, "\u00b5s": 1_000n, "\u03bcs": 1_000n, ms: 1_000_000n, s: 1_000_000_000n, m: 60_000_000_000n, h: 3_600_000_000_000n };
const MAX_I64 = (1n << 63n) - 1n;
const isDigit = (c: string | undefined) => c !== undefined && c >= "0" && c <= "9";

/** Go's time.ParseDuration: nanoseconds, or undefined where Go returns an error. */
function goParseDuration(text: string): bigint | undefined {
  let s = text;
  let neg = false;
  if (s !== "" && (s[0] === "-" || s[0] === "+")) {
    neg = s[0] === "-";
    s = s.slice(1);
  }
  if (s === "0") return 0n;
  if (s === "") return undefined;
  let d = 0n;
  while (s !== "") {
    if (!(s[0] === "." || isDigit(s[0]))) return undefined;
    let i = 0;
    let v = 0n;
    while (isDigit(s[i])) {
      if (v > (1n << 63n) / 10n) return undefined;
      v = v * 10n + BigInt(s.charCodeAt(i) - 48);
      if (v > 1n << 63n) return undefined;
      i++;
    }
    const pre = i > 0;
    s = s.slice(i);
    let post = false;
    let f = 0n;
    let scale = 1;
    if (s[0] === ".") {
      s = s.slice(1);
      let j = 0;
      let overflow = false;
      while (isDigit(s[j])) {
        const c = BigInt(s.charCodeAt(j) - 48);
        j++;
        if (overflow) continue;
        if (f > MAX_I64 / 10n) {
          overflow = true;
          continue;
        }
        const y = f * 10n + c;
        if (y > 1n << 63n) {
          overflow = true;
          continue;
        }
        f = y;
        scale *= 10;
      }
      post = j > 0;
      s = s.slice(j);
    }
    if (!pre && !post) return undefined;
    let k = 0;
    while (k < s.length && !(s[k] === "." || isDigit(s[k]))) k++;
    if (k === 0) return undefined;
    const unit = UNITS[s.slice(0, k)];
    s = s.slice(k);
    if (unit === undefined) return undefined;
    if (v > (1n << 63n) / unit) return undefined;
    v *= unit;
    if (f > 0n) {
      v += BigInt(Math.trunc(Number(f) * (Number(unit) / scale)));
      if (v > 1n << 63n) return undefined;
    }
    d += v;
    if (d > 1n << 63n) return undefined;
  }
  if (neg) return -d;
  if (d > MAX_I64) return undefined;
  return d;
}

/** Go's time.Duration.String for a non-negative duration ("1h2m3.5s", "1.5ms", "2µs", "0s"). */
function goDurationString(ns: bigint): string {
  if (ns === 0n) return "0s";
  const frac = (u: bigint, prec: number): [string, bigint] => {
    let digits = "";
    let print = false;
    for (let i = 0; i < prec; i++) {
      const digit = u % 10n;
      print ||= digit !== 0n;
      if (print) digits = `${digit}${digits}`;
      u /= 10n;
    }
    return [print ? `.${digits}` : "", u];
  };
  if (ns < 1_000_000_000n) {
    const [unit, prec] = ns < 1_000n ? ["ns", 0] : ns < 1_000_000n ? ["\u00b5s", 3] : ["ms", 6];
    const [fraction, whole] = frac(ns, prec);
    return `${whole}${fraction}${unit}`;
  }
  const [fraction, seconds] = frac(ns, 9);
  let text = `${seconds % 60n}${fraction}s`;
  const minutes = seconds / 60n;
  if (minutes > 0n) {
    text = `${minutes % 60n}m${text}`;
    const hours = minutes / 60n;
    if (hours > 0n) text = `${hours}h${text}`;
  }
  return text;
}

const MAX_NS = BigInt(MAX_TIMEOUT_MS) * NS_PER_MS;
/** Milliseconds Go's value rounds to, as duration.ts documents ("Values are rounded to milliseconds"). */
const roundedMs = (ns: bigint) => Math.round(Number(ns) / 1e6);

/** Strings in Go's grammar, unsigned: parts of digits, an optional fraction and a unit (sometimes a wrong one). */
const goLike = fc
  .array(
    fc.record({
      whole: fc.oneof(fc.constant(""), fc.stringMatching(/^\d{1,4}$/), fc.stringMatching(/^0{0,3}\d{1,3}$/)),
      fraction: fc.oneof(fc.constant(undefined), fc.stringMatching(/^\d{0,6}$/)),
      unit: fc.oneof(fc.constantFrom("ns", "us", "\u00b5s", "\u03bcs", "ms", "s", "m", "h"), fc.constantFrom("", "d", "H", "sec", "M", "mm")),
    }),
    { minLength: 1, maxLength: 4 },
  )
  .map((parts) => parts.map((p) => `${p.whole}${p.fraction === undefined ? "" : `.${p.fraction}`}${p.unit}`).join(""));

const nsInRange = fc.bigInt({ min: NS_PER_MS, max: MAX_NS });

describe("durations against Go's time.ParseDuration", () => {
  it("parse(Go's String(d)) is d rounded to milliseconds, for every d from 1ms to 24h", () => {
    fc.assert(
      fc.property(nsInRange, (ns) => {
        const text = goDurationString(ns);
        expect(goParseDuration(text)).toBe(ns); // the port is faithful to itself
        expect(isDuration(text)).toBe(true);
        expect(timeoutRule(text)).toBeUndefined();
        expect(Math.abs(parseDurationMs(text) - roundedMs(ns))).toBeLessThanOrEqual(1);
      }),
      { numRuns: 2000 },
    );
  });

  it("durations of one length compare equal whatever their spelling (diff's sameTimeouts relies on it)", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 1440n }), (minutes) => {
        const ms = Number(minutes) * 60_000;
        for (const text of [`${minutes}m`, `${minutes * 60n}s`, `${ms}ms`, `${BigInt(ms) * 1000n}us`, `${BigInt(ms) * NS_PER_MS}ns`, goDurationString(BigInt(ms) * NS_PER_MS)]) {
          expect(parseDurationMs(text)).toBe(ms);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("an unsigned string in Go's grammar is accepted iff Go accepts it and it lies within 1ms..24h", () => {
    fc.assert(
      fc.property(goLike, (text) => {
        const ns = goParseDuration(text);
        const accepted = timeoutRule(text) === undefined;
        if (ns === undefined) {
          expect(accepted).toBe(false);
          return;
        }
        // Away from the rounding edges (0.5ms, 24h), where float and Go's truncation may disagree by a nanosecond.
        const ms = Number(ns) / 1e6;
        if (Math.abs(ms - 0.5) < 1e-3 || Math.abs(ms - MAX_TIMEOUT_MS) < 1) return;
        expect(accepted).toBe(ms >= 0.5 && ms <= MAX_TIMEOUT_MS);
        if (accepted) expect(Math.abs(parseDurationMs(text) - roundedMs(ns))).toBeLessThanOrEqual(1);
      }),
      { numRuns: 3000 },
    );
  });

  it("never accepts a string Go refuses, and never throws from check, whatever the text", () => {
    const noise = fc.oneof(fc.string(), fc.string({ unit: fc.constantFrom(..."0123456789.+-nsuµμmh ") }), goLike.map((s) => ` ${s}`));
    fc.assert(
      fc.property(noise, (text) => {
        if (timeoutRule(text) === undefined) expect(goParseDuration(text)).toBeDefined();
        const { failures } = checkFlowLogInputs(
          { resourceType: "VPC", resourceId: "vpc-1", trafficType: "All", projectName: "abc", logStoreName: "abc", timeouts: { delete: text } },
          { regionId: "cn-hangzhou" },
        );
        expect(failures.every((f) => f.property === "timeouts.delete")).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it("a long run of parts does not stall the pattern (no catastrophic backtracking)", () => {
    const started = Date.now();
    for (const text of ["1".repeat(50_000), `${"1m".repeat(20_000)}x`, `${"1.".repeat(20_000)}s`, `${".1".repeat(20_000)}`]) timeoutRule(text);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  // Go's ParseDuration takes a leading "+" ("+10m" is ten minutes; format.go's grammar `[-+]?...`), so Pulumi's
  // customTimeouts accept it; a program that works with every other resource must work here too.
  it("a positive duration Go accepts with a leading + is accepted too", () => {
    fc.assert(
      fc.property(nsInRange, (ns) => {
        const text = `+${goDurationString(ns)}`;
        expect(goParseDuration(text)).toBe(ns);
        expect(timeoutRule(text)).toBeUndefined();
      }),
      { numRuns: 50 },
    );
  });
});
