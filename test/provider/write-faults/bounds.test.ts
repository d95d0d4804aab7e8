/**
 * converge's MAX_FAILED_TRIES (src/provider/converge.ts: tries in a row, the count starting again when a step lands),
 * delete's MAX_LOST_ANSWERS and its look-first give-up (src/provider/delete.ts), wait.ts outcome messages. Provider against the emulator behind the write-faults proxy (test/provider/write-faults/harness.ts).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Lab } from "./harness";
import { outcomeMessage } from "../../../src/provider/wait";
import { AlicloudApiError } from "../../../src/client";

let lab: Lab;
let vpc = 700;
const nextVpc = () => `vpc-demo0${vpc++}`;
beforeAll(async () => {
  lab = await Lab.start({ activationDelayMs: 60, transitionDelayMs: 80 });
});
afterAll(async () => {
  await lab.stop();
});
beforeEach(() => lab.clear());

/** A 502 page from a proxy for `times` calls of `action`, after forwarding the write (`landed`) or instead of it. */
const lostAnswer = (action: string, landed: boolean, times: number) => ({ action, landed, status: 502, body: "<html>502</html>", times });

/** Another actor modifies the flow log just before our write is forwarded, so ours arrives mid-transition (IncorrectStatus). */
function otherActorBefore(action: string, id: string, times: number) {
  lab.hooks.push({
    action,
    times,
    run: async () => {
      await lab.oob.modifyFlowLogAttribute({ regionId: "cn-hangzhou", flowLogId: id, flowLogName: `other-${Math.random().toString(36).slice(2, 8)}` });
    },
  });
}

describe("converge: MAX_FAILED_TRIES", () => {
  it("a status change plus tags, the activate refused twice then landing, ends as desired", async () => {
    const r = nextVpc();
    const { id, outs } = await lab.create(r, { status: "Inactive", flowLogName: "mine" });
    otherActorBefore("ActiveFlowLog", id, 2);
    const res = await lab.update(id, outs, r, { status: "Active", flowLogName: "mine", tags: { a: "1" } });
    expect(res.error).toBeUndefined();
    expect(lab.cloud(id)?.status).toBe("Active");
  });

  it("two steps each refused 3 times by another actor (the client retries IncorrectStatus itself) end as desired", async () => {
    const r = nextVpc();
    const { id, outs } = await lab.create(r, { status: "Inactive", description: "d0" });
    otherActorBefore("ActiveFlowLog", id, 3);
    otherActorBefore("ModifyFlowLogAttribute", id, 3);
    const res = await lab.update(id, outs, r, { status: "Active", description: "d1" });
    expect(res.error?.message ?? "no error").toBe("no error");
    expect(lab.cloud(id)?.description).toBe("d1");
  });

  // Promise (converge.ts MAX_FAILED_TRIES doc): the bound is for "a proxy that keeps failing". Here a flaky gateway loses
  // two answers per step (not landed) and each step then lands: progress on every step, yet the counter is per update
  // (never reset when a step lands), so a three-step update ends at the 6th loss although it was converging.
  it("three steps, each losing 2 answers then landing, finish: the count of failed tries starts again when a step lands", async () => {
    const r = nextVpc();
    const { id, outs } = await lab.create(r, { status: "Inactive", description: "d0", tags: { a: "1" } });
    lab.faults = [lostAnswer("ActiveFlowLog", false, 2), lostAnswer("ModifyFlowLogAttribute", false, 2), lostAnswer("TagResources", false, 2)];
    const res = await lab.update(id, outs, r, { status: "Active", description: "d1", tags: { a: "2" } });
    expect(res.error?.message ?? "no error").toBe("no error");
  });

  // Promise (converge.ts header: "a write ... whose answer was lost, is planned again once the flow log settles";
  // README: the provider looks before it tries again). The 6th lost answer's write landed: a look would see it done.
  it("5 lost (not landed) + 1 lost-but-landed ModifyFlowLogAttribute: the update reports success, as the cloud shows", async () => {
    const r = nextVpc();
    const { id, outs } = await lab.create(r, { description: "d0" });
    lab.faults = [
      { action: "ModifyFlowLogAttribute", landed: false, status: 502, body: "<html>502</html>", times: 5 },
      { action: "ModifyFlowLogAttribute", landed: true, status: 502, body: "<html>502</html>", times: 1 },
    ];
    const res = await lab.update(id, outs, r, { description: "d1" });
    await new Promise((r2) => setTimeout(r2, 300));
    const cloud = lab.cloud(id);
    expect(cloud?.description).toBe("d1");
    expect(res.error?.message ?? "no error").toBe("no error");
  });
});

describe("delete: MAX_LOST_ANSWERS", () => {
  // Promise (delete.ts header, issue 5): "already Deleting ... end[s] as success, and only once it is really gone".
  it("5 lost (not landed) + 1 lost-but-landed DeleteFlowLog ends gone, never MAX_LOST_ANSWERS while Deleting", async () => {
    const r = nextVpc();
    const { id, outs } = await lab.create(r);
    lab.faults = [
      { action: "DeleteFlowLog", landed: false, status: 502, body: "<html>502</html>", times: 5 },
      { action: "DeleteFlowLog", landed: true, status: 502, body: "<html>502</html>", times: 1 },
    ];
    const res = await lab.delete(id, outs);
    const after = lab.cloud(id);
    expect(res.error?.message ?? "no error").toBe("no error");
    expect(after === undefined || after.status === "Deleting").toBe(true);
  });

  it("refusals mid-transition mixed with 3 lost answers end gone", async () => {
    const r = nextVpc();
    const { id, outs } = await lab.create(r);
    otherActorBefore("DeleteFlowLog", id, 3);
    lab.faults = [{ action: "DeleteFlowLog", landed: false, status: 502, body: "<html>502</html>", times: 3 }];
    const res = await lab.delete(id, outs);
    expect(res.error?.message ?? "no error").toBe("no error");
    expect(lab.cloud(id)).toBeUndefined();
  });

  it("6 lost answers that never land end with MAX_LOST_ANSWERS (the flow log still Active)", async () => {
    const r = nextVpc();
    const { id, outs } = await lab.create(r);
    lab.faults = [{ action: "DeleteFlowLog", landed: false, status: 502, body: "<html>502</html>", times: 6 }];
    const res = await lab.delete(id, outs);
    expect(res.error?.message).toMatch(/no answer 6 times/);
    expect(res.error?.message).not.toContain("emulator-access-key-secret");
    expect(lab.cloud(id)?.status).toBe("Active");
  });
});

describe("wait.ts outcomeMessage", () => {
  const seen = { status: "Activating" } as never;
  const secret = "emulator-access-key-secret";
  const apiErr = new AlicloudApiError({ action: "DescribeFlowLogs", code: "Throttling", apiMessage: "Request was denied", httpStatus: 400, requestId: "R1", retryable: true } as never);
  it("every kind, with and without lastSeen / lastError", () => {
    const kinds = [
      { kind: "reached", elapsedMs: 1 },
      { kind: "failed", status: "", flowLog: seen, elapsedMs: 1 },
      { kind: "gone", elapsedMs: 1 },
      { kind: "timeout", elapsedMs: 1 },
      { kind: "timeout", lastSeen: seen, elapsedMs: 1, lastError: apiErr },
      { kind: "aborted", elapsedMs: 1 },
      { kind: "error", error: apiErr, elapsedMs: 1 },
      { kind: "error", error: "plain", elapsedMs: 1 },
    ] as never[];
    for (const o of kinds) {
      for (const known of [{}, { lastSeen: { status: "Modifying" } as never }, { lastError: apiErr }]) {
        const m = outcomeMessage(o, "fl-1", "Active", "10m", undefined, known);
        expect(m).toContain("fl-1");
        expect(m).not.toContain(secret);
        expect(m).not.toMatch(/undefined|\[object Object\]/);
      }
    }
    expect(outcomeMessage({ kind: "timeout", elapsedMs: 1 } as never, "fl-1", "Active", "10m")).toContain("last status: not seen");
    expect(outcomeMessage({ kind: "timeout", elapsedMs: 1 } as never, "fl-1", "Active", "10m", undefined, { lastSeen: { status: "Modifying" } as never })).toContain(
      "last status: Modifying",
    );
    expect(outcomeMessage({ kind: "timeout", lastSeen: seen, elapsedMs: 1, lastError: apiErr } as never, "fl-1", "Active", "10m")).toMatch(
      /last status: Activating; last error: .*Throttling/,
    );
    expect(outcomeMessage({ kind: "gone", elapsedMs: 1 } as never, "fl-1", "Active", "10m")).toContain("pulumi refresh");
  });
});


describe("converge: the count starts again when a step lands", () => {
  // Promise (MAX_FAILED_TRIES doc): "tries in a row ...; a step that lands starts the count again", also when it landed
  // behind a lost answer (the look shows it done and the plan moves on). Two steps each: 2 lost (not landed) + 1 lost but
  // landed; without that reset the third step, never tried, would be reported as "failed 6 times in a row".
  it("two steps that land after lost answers, then a third never tried: the update ends as desired", async () => {
    const r = nextVpc();
    const { id, outs } = await lab.create(r, { status: "Inactive", description: "d0", tags: { a: "1" } });
    lab.faults = [
      lostAnswer("ActiveFlowLog", false, 2),
      lostAnswer("ActiveFlowLog", true, 1),
      lostAnswer("ModifyFlowLogAttribute", false, 2),
      lostAnswer("ModifyFlowLogAttribute", true, 1),
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
    lab.faults = [lostAnswer("ActiveFlowLog", true, 1), lostAnswer("ModifyFlowLogAttribute", true, 1), lostAnswer("TagResources", true, 1)];
    const res = await lab.update(id, outs, r, { status: "Active", description: "d1", tags: { a: "2" } });
    expect(res.error?.message ?? "no error").toBe("no error");
  });

  it("one step refused/lost 5 times then landing, three times over, ends as desired (the reset itself)", async () => {
    const r = nextVpc();
    const { id, outs } = await lab.create(r, { status: "Inactive", description: "d0", tags: { a: "1" } });
    lab.faults = [lostAnswer("ActiveFlowLog", false, 5), lostAnswer("ModifyFlowLogAttribute", false, 5), lostAnswer("TagResources", false, 5)];
    const res = await lab.update(id, outs, r, { status: "Active", description: "d1", tags: { a: "2" } });
    expect(res.error?.message ?? "no error").toBe("no error");
    expect(lab.forwarded.filter((a) => a === "ActiveFlowLog").length).toBe(1);
  });

  it("6 lost (not landed) ModifyFlowLogAttribute: gives up after a look, message names that step and its last error", async () => {
    const r = nextVpc();
    const { id, outs } = await lab.create(r, { description: "d0" });
    lab.faults = [lostAnswer("ModifyFlowLogAttribute", false, 50)];
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
    lab.faults = [lostAnswer("DeleteFlowLog", true, 1)];
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
    lab.faults = [lostAnswer("DeleteFlowLog", false, 6)];
    const res = await lab.delete(id, outs);
    expect(res.error?.message).toMatch(/no answer 6 times .*still exists/);
    expect(lab.cloud(id)?.status).toBe("Active");
    expect(res.error?.message).not.toMatch(/timeouts\.delete/);
  });
});
