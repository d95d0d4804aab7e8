/**
 * Terraform's waiter for alicloud_vpc_flow_log, reproduced with our VpcClient so both run against the same emulator.
 *
 * Schedule (/work/shared/api/NOTES.md "Errors, retries, clocks"; terraform-plugin-sdk helper/resource StateChangeConf with
 * the Alibaba provider's BuildStateConf: Delay 5 s, MinTimeout 3 s): the first DescribeFlowLogs 5 s after the action, then
 * a gap that starts at 3 s, doubles, and is capped at 10 s, so polls land at about 5, 8, 14, 24, 34, 44 ... s.
 */
import type { VpcClient } from "../../src/client";

/** Delay before the first poll, ms. */
export const TERRAFORM_FIRST_POLL_MS = 5_000;
/** First gap between polls, ms (doubles after each poll). */
export const TERRAFORM_MIN_GAP_MS = 3_000;
/** Largest gap between polls, ms. */
export const TERRAFORM_MAX_GAP_MS = 10_000;

/** Offset of the `index`-th poll (0-based) from the start of the wait, ms: 5000, 8000, 14000, 24000, 34000 ... */
export function terraformPollAtMs(index: number): number {
  let at = TERRAFORM_FIRST_POLL_MS;
  let gap = TERRAFORM_MIN_GAP_MS;
  for (let i = 0; i < index; i++) {
    at += gap;
    gap = Math.min(TERRAFORM_MAX_GAP_MS, gap * 2);
  }
  return at;
}

/**
 * DescribeFlowLogs calls Terraform's waiter makes for a transition that takes `delayMs`: polls up to and including the
 * first one at or after the transition ends (request latency ignored).
 */
export function terraformPollsFor(delayMs: number): number {
  let index = 0;
  while (terraformPollAtMs(index) < delayMs) index++;
  return index + 1;
}

/** Result of one Terraform-style create. */
export interface TerraformCreate {
  readonly flowLogId: string;
  /** CreateFlowLog sent -> create returned (Active seen, then the Read), ms. */
  readonly wallMs: number;
  /** `Date.now()` when the create returned: overshoot is measured from the emulator's Active moment to this. */
  readonly returnedAtMs: number;
  /** DescribeFlowLogs calls: the waiter's polls plus the Read the create ends with. */
  readonly describeCalls: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * CreateFlowLog, then Terraform's waiter until DescribeFlowLogs reports Active, then the Read its create ends with. Gaps
 * are slept after each poll answers, as StateChangeConf does. Bounded: gives up once `timeoutMs` has passed.
 * @throws Error when the flow log is not Active within `timeoutMs`, or any client error
 */
export async function terraformCreate(
  client: VpcClient,
  params: { regionId: string; resourceId: string; projectName: string; logStoreName: string },
  timeoutMs: number,
): Promise<TerraformCreate> {
  const started = performance.now();
  const created = await client.createFlowLog({ ...params, resourceType: "VPC", trafficType: "All" });
  const flowLogId = created.FlowLogId;
  let describeCalls = 0;
  let gap = TERRAFORM_MIN_GAP_MS;
  await sleep(TERRAFORM_FIRST_POLL_MS);
  for (;;) {
    describeCalls++;
    const answer = await client.describeFlowLogs({ regionId: params.regionId, flowLogId });
    if (answer.FlowLogs.FlowLog[0]?.Status === "Active") {
      // Create ends with `return resourceAliCloudVpcFlowLogUpdate(d, meta)`, which ends with the Read: one more
      // DescribeFlowLogs (resource_alicloud_vpc_flow_log.go; bench/scale.ts counts it the same way).
      await client.describeFlowLogs({ regionId: params.regionId, flowLogId });
      describeCalls++;
      return { flowLogId, wallMs: performance.now() - started, returnedAtMs: Date.now(), describeCalls };
    }
    if (performance.now() - started + gap > timeoutMs) throw new Error(`${flowLogId} not Active within ${timeoutMs} ms (Terraform schedule)`);
    await sleep(gap);
    gap = Math.min(TERRAFORM_MAX_GAP_MS, gap * 2);
  }
}
