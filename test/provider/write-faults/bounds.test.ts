/**
 * converge's MAX_FAILED_TRIES (src/provider/converge.ts), delete's MAX_LOST_ANSWERS (src/provider/delete.ts),
 * wait.ts outcome messages. Provider against the emulator behind the write-faults proxy (test/provider/write-faults/harness.ts).
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
    const lost = (action: string) => ({ action, landed: false, status: 502, body: "<html>502</html>", times: 2 });
    lab.faults = [lost("ActiveFlowLog"), lost("ModifyFlowLogAttribute"), lost("TagResources")];
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
    expect(outcomeMessage({ kind: "timeout", elapsedMs: 1 } as never, "fl-1", "Active", "10m")).toContain("last status: never listed");
    expect(outcomeMessage({ kind: "timeout", elapsedMs: 1 } as never, "fl-1", "Active", "10m", undefined, { lastSeen: { status: "Modifying" } as never })).toContain(
      "last status: Modifying",
    );
    expect(outcomeMessage({ kind: "timeout", lastSeen: seen, elapsedMs: 1, lastError: apiErr } as never, "fl-1", "Active", "10m")).toMatch(
      /last status: Activating; last error: .*Throttling/,
    );
    expect(outcomeMessage({ kind: "gone", elapsedMs: 1 } as never, "fl-1", "Active", "10m")).toContain("pulumi refresh");
  });
});
