import { describe, expect, it } from "vitest";
import { SettleHistory } from "../../src/provider/settle-history";

describe("SettleHistory", () => {
  it("holds nothing until enough recent waits of that kind settled, then the quickest one's time", () => {
    const history = new SettleHistory();
    expect(history.holdMs("Active", 0)).toBe(0);
    history.record("Active", 3_400, 1_000);
    history.record("Active", 3_100, 1_100);
    expect(history.holdMs("Active", 1_200)).toBe(0);
    history.record("Active", 3_900, 1_200);
    expect(history.holdMs("Active", 1_300)).toBe(3_100);
    expect(history.holdMs("gone", 1_300)).toBe(0);
  });

  it("forgets samples older than the horizon, and keeps only the newest", () => {
    const history = new SettleHistory({ horizonMs: 10_000, minSamples: 1, maxSamples: 2, margin: 1 });
    history.record("Active", 500, 0);
    history.record("Active", 3_000, 5_000);
    history.record("Active", 4_000, 6_000);
    expect(history.holdMs("Active", 6_000)).toBe(3_000); // the 500 ms sample was pushed out by the newer two
    expect(history.holdMs("Active", 15_500)).toBe(4_000); // the 3 s sample is now past the horizon
    expect(history.holdMs("Active", 16_500)).toBe(0);
  });
});
