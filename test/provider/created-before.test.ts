/**
 * create.ts `createdBefore`: after a lost CreateFlowLog answer, a flow log whose CreationTime is two or more seconds before
 * the newest one the watcher had seen before the call is never taken for ours (it existed before the call, even if no
 * listing showed it then). One second is within the service hosts' clock spread: not enough.
 */
import { describe, expect, it } from "vitest";
import { ADOPT_CLOCK_TOLERANCE_S, createdBefore } from "../../src/provider/create";
import { creationTimeAt, flowLog } from "./helpers/paged-region";

const at = (second: number) => flowLog(1, second);

describe("createdBefore (a flow log older than our CreateFlowLog by its CreationTime)", () => {
  it("needs two whole seconds before the newest CreationTime seen", () => {
    expect(ADOPT_CLOCK_TOLERANCE_S).toBe(2);
    expect(createdBefore(at(8), creationTimeAt(10))).toBe(true);
    expect(createdBefore(at(0), creationTimeAt(10))).toBe(true);
    expect(createdBefore(at(9), creationTimeAt(10))).toBe(false);
    expect(createdBefore(at(10), creationTimeAt(10))).toBe(false);
    expect(createdBefore(at(11), creationTimeAt(10))).toBe(false);
  });

  it("says nothing without both times, or with a time it cannot read", () => {
    expect(createdBefore(at(0), undefined)).toBe(false);
    expect(createdBefore({ ...at(0), creationTime: "" }, creationTimeAt(10))).toBe(false);
    expect(createdBefore({ ...at(0), creationTime: "yesterday" }, creationTimeAt(10))).toBe(false);
    expect(createdBefore(at(0), "soon")).toBe(false);
  });
});
