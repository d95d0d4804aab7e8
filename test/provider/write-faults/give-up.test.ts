/**
 * converge's failedTries ("tries in a row ... a step that lands starts the count again") and delete's
 * look-first give-up. Provider against the emulator behind the write-faults proxy.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Lab } from "./harness";

let lab: Lab;
let vpc = 900;
const nextVpc = () => `vpc-demo0${vpc++}`;
beforeAll(async () => {
  lab = await Lab.start({ activationDelayMs: 60, transitionDelayMs: 80 });
});
afterAll(async () => {
  await lab.stop();
});
beforeEach(() => lab.clear());

const lost = (action: string, landed: boolean, times: number) => ({ action, landed, status: 502, body: "<html>502</html>", times });

describe("converge: the count starts again when a step lands", () => {
  // Promise (MAX_FAILED_TRIES doc): "tries in a row ...; a step that lands starts the count again".
  // A step whose answer is lost but which LANDED (the look shows it done, the plan moves on) does not reset failedTries:
  // only runStep returning resets it. Two steps each: 2 lost (not landed) + 1 lost-but-landed = 6 -> the third step,
  // never tried once, is reported as "failed 6 times in a row".
  it("two steps that land after lost answers, then a third never tried: the update ends as desired", async () => {
    const r = nextVpc();
    const { id, outs } = await lab.create(r, { status: "Inactive", description: "d0", tags: { a: "1" } });
    lab.faults = [
      lost("ActiveFlowLog", false, 2),
      lost("ActiveFlowLog", true, 1),
      lost("ModifyFlowLogAttribute", false, 2),
      lost("ModifyFlowLogAttribute", true, 1),
    ];
    const res = await lab.update(id, outs, r, { status: "Active", description: "d1", tags: { a: "2" } });
    const cloud = lab.cloud(id);
    expect(cloud?.status).toBe("Active");
    expect(cloud?.description).toBe("d1");
    expect(res.error?.message ?? "no error").toBe("no error");
  });

  // Same, smaller: 6 lost-but-landed answers over different steps are not "failed 6 times in a row" of one step.
  it("every write lands but its answer is lost: a 3-step update is not reported as one step failing 6 times", async () => {
    const r = nextVpc();
    const { id, outs } = await lab.create(r, { status: "Inactive", description: "d0", tags: { a: "1" } });
    lab.faults = [lost("ActiveFlowLog", true, 1), lost("ModifyFlowLogAttribute", true, 1), lost("TagResources", true, 1)];
    const res = await lab.update(id, outs, r, { status: "Active", description: "d1", tags: { a: "2" } });
    expect(res.error?.message ?? "no error").toBe("no error");
  });

  it("one step refused/lost 5 times then landing, three times over, ends as desired (the reset itself)", async () => {
    const r = nextVpc();
    const { id, outs } = await lab.create(r, { status: "Inactive", description: "d0", tags: { a: "1" } });
    lab.faults = [lost("ActiveFlowLog", false, 5), lost("ModifyFlowLogAttribute", false, 5), lost("TagResources", false, 5)];
    const res = await lab.update(id, outs, r, { status: "Active", description: "d1", tags: { a: "2" } });
    expect(res.error?.message ?? "no error").toBe("no error");
    expect(lab.forwarded.filter((a) => a === "ActiveFlowLog").length).toBe(1);
  });

  it("6 lost (not landed) ModifyFlowLogAttribute: gives up after a look, message names that step and its last error", async () => {
    const r = nextVpc();
    const { id, outs } = await lab.create(r, { description: "d0" });
    lab.faults = [lost("ModifyFlowLogAttribute", false, 50)];
    const res = await lab.update(id, outs, r, { description: "d1" });
    expect(res.error?.message).toMatch(/failed 6 times in a row/);
    expect(res.error?.message).toMatch(/502|gateway|Bad/i);
    expect(lab.forwarded.filter((a) => a === "ModifyFlowLogAttribute").length).toBe(0);
    expect(res.ms).toBeLessThan(15_000);
  });
});

describe("delete: look-first give-up", () => {
  it("first DeleteFlowLog lost but landed: the look shows Deleting, waits, ends gone, one DeleteFlowLog", async () => {
    const r = nextVpc();
    const { id, outs } = await lab.create(r);
    lab.faults = [lost("DeleteFlowLog", true, 1)];
    const res = await lab.delete(id, outs);
    expect(res.error?.message ?? "no error").toBe("no error");
    expect(res.writes.DeleteFlowLog).toBe(1);
    expect(lab.cloud(id)).toBeUndefined();
  });

  // Promise (delete.ts RESUME_BY_DESTROY doc: it is the advice "after a delete timed out"). After 6 lost answers nothing
  // is deleting it and no timeout was hit, yet the message says "running the same command again waits for it again"
  // and explains timeouts.delete. Message text; a RESUME_BY_DESTROY meant for timeouts reused for a give-up.
  // ("running the same command again waits for it again ... a raised timeouts.delete"), which does not apply.
  it("6 lost answers: the message says it still exists and does not talk about a timeout it never hit", async () => {
    const r = nextVpc();
    const { id, outs } = await lab.create(r);
    lab.faults = [lost("DeleteFlowLog", false, 6)];
    const res = await lab.delete(id, outs);
    expect(res.error?.message).toMatch(/no answer 6 times .*still exists/);
    expect(lab.cloud(id)?.status).toBe("Active");
    expect(res.error?.message).not.toMatch(/timeouts\.delete/);
  });
});
