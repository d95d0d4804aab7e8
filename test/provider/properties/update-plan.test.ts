/**
 * Properties of update-plan.ts against diff.ts, on a model of the service (api NOTES.md, Actions table): each
 * step does what its action does (ActiveFlowLog -> Active, ModifyFlowLogAttribute sets the attributes given, TagResources /
 * UnTagResources set and remove keys, MoveResourceGroup sets the group, DeactiveFlowLog -> Inactive).
 *
 * Promises: every change diff reports in place has steps that make the flow log match (else `pulumi up` would show the
 * same update forever), and a flow log that needs no step shows no in-place change (else an update would be missing).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkFlowLogInputs, cloudFromInputs, diffFlowLog, planUpdate, toOutputs, type CloudFlowLog, type FlowLogInputs, type UpdateStep } from "../../../src/provider";
import { validArgs } from "./arbitraries";

const RUNS = { numRuns: 500 };

function checked(args: Record<string, unknown>): FlowLogInputs {
  const { inputs, failures } = checkFlowLogInputs(args, { regionId: "cn-hangzhou" });
  expect(failures).toEqual([]);
  return inputs;
}

/** The service's answer to one step (system tags untouched). */
function apply(cloud: CloudFlowLog, step: UpdateStep): CloudFlowLog {
  const next = { ...cloud, tags: { ...cloud.tags } };
  switch (step.kind) {
    case "activate":
      next.status = "Active";
      break;
    case "deactivate":
      next.status = "Inactive";
      break;
    case "modify":
      for (const [key, value] of Object.entries(step.params)) (next as unknown as Record<string, unknown>)[key] = value;
      break;
    case "tag":
      for (const { key, value } of step.tags) next.tags[key] = value;
      break;
    case "untag":
      for (const key of step.keys) delete next.tags[key];
      break;
    case "move":
      next.resourceGroupId = step.resourceGroupId;
      break;
  }
  return next;
}

/** A settled flow log made from `a` (service defaults filled, a system tag added), as DescribeFlowLogs would list it. */
function cloudOf(a: FlowLogInputs): CloudFlowLog {
  const cloud = cloudFromInputs(a, "fl-1", a.regionId ?? "cn-hangzhou", a.status);
  if (cloud.trafficPaths.length === 0) cloud.trafficPaths = ["all"];
  if (cloud.resourceGroupId === "") cloud.resourceGroupId = "rg-acfmdefault0001";
  cloud.aggregationInterval ??= 10;
  cloud.tags = { ...cloud.tags, "acs:rm:rgId": cloud.resourceGroupId };
  return cloud;
}

/** b with a's fields that no API modifies (a replace is not an update). */
const pairs = fc.tuple(validArgs, validArgs).map(([a, b]) => {
  const merged: Record<string, unknown> = { ...b };
  for (const field of ["resourceType", "resourceId", "trafficType", "projectName", "logStoreName", "trafficPaths", "regionId"]) {
    if (a[field] === undefined) delete merged[field];
    else merged[field] = a[field];
  }
  const paths = (merged.trafficPaths ?? []) as string[];
  if (merged.ipVersion === "DualStack" && paths.some((p) => p !== "all")) delete merged.ipVersion;
  return [a, merged] as const;
});

describe("update plan against diff", () => {
  it("diff shows an in-place change (timeouts aside) iff the plan has a step", () => {
    fc.assert(
      fc.property(pairs, ([a, b]) => {
        const cloud = cloudOf(checked(a));
        const desired = checked(b);
        const diff = diffFlowLog(toOutputs(cloud, desired.timeouts, "cn-hangzhou") as never, desired as never);
        expect(diff.replaces).toEqual([]);
        const inPlace = diff.updates.filter((u) => u !== "timeouts");
        expect(planUpdate(cloud, desired).length > 0).toBe(inPlace.length > 0);
      }),
      RUNS,
    );
  });

  it("running the plan's steps on the model leaves nothing planned and no diff; system tags survive", () => {
    fc.assert(
      fc.property(pairs, ([a, b]) => {
        let cloud = cloudOf(checked(a));
        const desired = checked(b);
        const steps = planUpdate(cloud, desired);
        for (const step of steps) cloud = apply(cloud, step);
        expect(planUpdate(cloud, desired)).toEqual([]);
        expect(diffFlowLog(toOutputs(cloud, desired.timeouts, "cn-hangzhou") as never, desired as never).changes).toBe(false);
        expect(cloud.tags["acs:rm:rgId"]).toBeDefined();
        // Each action at most once, activate first and deactivate last (update-plan.ts docstring).
        const kinds = steps.map((s) => s.kind);
        expect(new Set(kinds).size).toBe(kinds.length);
        if (kinds.includes("activate")) expect(kinds[0]).toBe("activate");
        if (kinds.includes("deactivate")) expect(kinds.at(-1)).toBe("deactivate");
      }),
      RUNS,
    );
  });

  it("a plan whose steps are re-planned after each one (converge.ts) is the same plan less its done steps", () => {
    fc.assert(
      fc.property(pairs, ([a, b]) => {
        let cloud = cloudOf(checked(a));
        const desired = checked(b);
        const steps = planUpdate(cloud, desired);
        for (let i = 0; i < steps.length; i++) {
          expect(planUpdate(cloud, desired).map((s) => s.kind)).toEqual(steps.slice(i).map((s) => s.kind));
          cloud = apply(cloud, steps[i]!);
        }
      }),
      RUNS,
    );
  });
});
