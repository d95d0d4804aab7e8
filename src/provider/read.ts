/**
 * read: look the flow log up by id and region. Gone is gone (`id: ""`); otherwise the outputs carry
 * what the cloud says, so drift shows in the next diff, and `inputs` describe the flow log as it is. Used by refresh,
 * `FlowLog.get` (the engine's Read with the get's properties) and the `import` option's create (import-existing.ts).
 *
 * The look goes through the region watcher (issue 6): `pulumi refresh` reads every flow log of a stack at once, and
 * one paged listing then answers them all instead of one DescribeFlowLogs each; a lone read is one call by FlowLogId.
 *
 * A flow log found mid-transition (Activating, Modifying, Deactivating, Deleting: someone else is changing it) is
 * waited for, up to READ_SETTLE_MS, so that refresh and import record where the transition ends: a transitional
 * status in the state would show the unchanged program as an update, and would make an import refuse a program that
 * matches. A flow log that goes away meanwhile reads as gone.
 */
import type { ProviderContext } from "./context";
import { inputsFromCloud, toOutputs } from "./mapping";
import { TRANSITIONAL_STATUSES, type CloudFlowLog, type FlowLogInputs, type FlowLogOutputs, type FlowLogTimeouts } from "./types";
import { waitForState } from "./wait";

/** What Pulumi's dynamic provider expects from read. */
export interface ReadResult {
  readonly id: string;
  readonly props?: FlowLogOutputs;
  readonly inputs?: FlowLogInputs;
}

/** How long a read may wait for its round: the client's call deadline (the call itself retries as the client's policy says). */
export const READ_TIMEOUT_MS = 60_000;

/** Longest a read waits for a transition to end; past it, read records the transitional status it saw. */
export const READ_SETTLE_MS = 120_000;

/** The flow log once out of any transition (undefined: gone meanwhile), or as last seen when it does not settle in time. */
async function settled(ctx: ProviderContext, regionId: string, flowLog: CloudFlowLog): Promise<CloudFlowLog | undefined> {
  if (!TRANSITIONAL_STATUSES.includes(flowLog.status)) return flowLog;
  const outcome = await waitForState(ctx, {
    regionId,
    flowLogId: flowLog.flowLogId,
    deadline: ctx.settings.clock.now() + READ_SETTLE_MS,
    label: "settled",
    want: () => true,
    whenAbsent: "reached",
    // Gone drops the flow log from the state: only an absence confirmed by FlowLogId counts.
    confirmAbsence: true,
  });
  if (outcome.kind === "reached") return outcome.flowLog;
  if (outcome.kind === "failed") return outcome.flowLog;
  return outcome.lastSeen ?? flowLog;
}

function timeoutsOf(props: Readonly<Record<string, unknown>>): FlowLogTimeouts | undefined {
  const value = props.timeouts;
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as FlowLogTimeouts) : undefined;
}

/** read by id; `props` are the stored outputs on refresh, a get's properties, or an import's region and timeouts. */
export async function readFlowLog(ctx: ProviderContext, id: string, props: Readonly<Record<string, unknown>>): Promise<ReadResult> {
  const regionId = ctx.regionOf(props.regionId);
  const found = await ctx.watcher(regionId).lookup(id, { timeoutMs: READ_TIMEOUT_MS, failOnError: true });
  const flowLog = found && (await settled(ctx, regionId, found));
  if (flowLog === undefined) return { id: "" };
  const timeouts = timeoutsOf(props);
  const inputs = inputsFromCloud(flowLog, timeouts, regionId);
  return { id, props: toOutputs(flowLog, inputs.timeouts, regionId), inputs };
}
