/**
 * check.ts passes an unknown `timeouts` (or unknown fields in it) through at preview.
 * Promises: check.ts "Values Pulumi does not know yet (preview) arrive as the UNKNOWN sentinel"; checkTimeouts returns
 * FlowLogInputs["timeouts"] (duration strings).
 */
import { describe, expect, it } from "vitest";
import { checkFlowLogInputs } from "../../src/provider";
import { diffFlowLog } from "../../src/provider/diff";
import { UNKNOWN } from "../../src/provider/types";
import { vpcFlowLogArgs } from "./helpers/emulator-config";

const BASE = vpcFlowLogArgs("vpc-demo0001");

describe("check: timeouts with unknowns", () => {
  it("an unknown nested inside a timeouts value ({create: {x: unknown}}) is still refused: no object is ever a duration", () => {
    // Only a field that is itself unknown passes through: an object holding an unknown is never a duration, so preview
    // refuses it rather than leaving it to `up`.
    const { failures } = checkFlowLogInputs({ ...BASE, timeouts: { create: { nested: UNKNOWN } } });
    expect(failures.map((f) => f.property)).toContain("timeouts.create");
  });

  it("an unknown list value ({delete: [unknown]}) is refused too", () => {
    const { failures } = checkFlowLogInputs({ ...BASE, timeouts: { delete: [UNKNOWN] } });
    expect(failures.map((f) => f.property)).toContain("timeouts.delete");
  });

  it("unknown create with an invalid delete and an unknown key: both still reported", () => {
    const { failures } = checkFlowLogInputs({ ...BASE, timeouts: { create: UNKNOWN, delete: "soon", bogus: "1m" } });
    expect(failures.map((f) => f.property).sort()).toEqual(["timeouts.bogus", "timeouts.delete"]);
  });

  it("a wholly unknown timeouts passes through and diff shows a change", () => {
    const { inputs, failures } = checkFlowLogInputs({ ...BASE, timeouts: UNKNOWN });
    expect(failures).toEqual([]);
    expect((inputs as unknown as Record<string, unknown>).timeouts).toBe(UNKNOWN);
    const olds = { ...inputs, timeouts: { create: "10m", update: "10m", delete: "10m" } };
    expect(diffFlowLog(olds, inputs as never).changes).toBe(true);
  });
});
