/**
 * In-place updates: a flow log deleted outside Pulumi right after one of our writes landed, with the provider's default
 * absentGraceMs (30 s). Each wait of an update starts from the update's own sighting (WaitRequest.lastSeen), so absence
 * is "gone" at once (wait.ts outcomeMessage: it disappeared, run refresh), not "not visible yet" until a timeout that
 * would advise raising timeouts.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Lab } from "./write-faults/harness";

let lab: Lab;
let vpc = 600;
const nextVpc = () => `vpc-demo0${++vpc}`;
beforeAll(async () => {
  lab = await Lab.start({ activationDelayMs: 100, transitionDelayMs: 50 });
});
afterAll(async () => {
  await lab.stop();
});
beforeEach(() => lab.clear());

describe("deleted outside right after our write", () => {
  it("TagResources lands, another client deletes it at once: the update says it disappeared, well before timeouts.update", async () => {
    const r = nextVpc();
    const { id, outs } = await lab.create(r, { tags: { a: "1" } });
    lab.hooks = [{ action: "TagResources", times: 1, after: true, run: async () => void (await lab.oob.deleteFlowLog({ regionId: "cn-hangzhou", flowLogId: id })) }];
    // absentGraceMs as shipped (context.ts defaultSettings: 30_000); the harness otherwise shortens it to 1.5 s.
    const u = await lab.update(id, outs, r, { tags: { a: "2" }, timeouts: { update: "8s" } }, {}, { absentGraceMs: 30_000 });
    expect(lab.cloud(id)).toBeUndefined();
    expect(u.error).toBeDefined();
    expect(u.error!.message).toMatch(/disappeared|no longer exists|deleted/);
    expect(u.ms).toBeLessThan(4_000);
  });

  it("ModifyFlowLogAttribute lands, Modifying ends, another client deletes it: same", async () => {
    const r = nextVpc();
    const { id, outs } = await lab.create(r, { flowLogName: "a" });
    lab.hooks = [
      {
        action: "ModifyFlowLogAttribute",
        times: 1,
        after: true,
        run: async () => {
          await new Promise((res) => setTimeout(res, 80));
          await lab.oob.deleteFlowLog({ regionId: "cn-hangzhou", flowLogId: id });
        },
      },
    ];
    const u = await lab.update(id, outs, r, { flowLogName: "b", timeouts: { update: "8s" } }, {}, { absentGraceMs: 30_000 });
    expect(lab.cloud(id)).toBeUndefined();
    expect(u.error).toBeDefined();
    expect(u.error!.message).toMatch(/disappeared|no longer exists|deleted/);
    expect(u.ms).toBeLessThan(4_000);
  });
});
