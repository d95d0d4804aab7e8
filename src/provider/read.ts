/**
 * read: look the flow log up by id and region. Gone is gone (`id: ""`); otherwise the outputs carry
 * what the cloud says, so drift shows in the next diff, and `inputs` describe the flow log as it is, which
 * is what the `import` resource option needs (pulumi NOTES.md, "Import").
 *
 * The look goes through the region watcher (issue 6): `pulumi refresh` reads every flow log of a stack at once, and
 * one paged listing then answers them all instead of one DescribeFlowLogs each; a lone read is one call by FlowLogId.
 */
import type { ProviderContext } from "./context";
import { inputsFromCloud, toOutputs } from "./mapping";
import type { FlowLogInputs, FlowLogOutputs, FlowLogTimeouts } from "./types";

/** What Pulumi's dynamic provider expects from read. */
export interface ReadResult {
  readonly id: string;
  readonly props?: FlowLogOutputs;
  readonly inputs?: FlowLogInputs;
}

/** How long a read may wait for its round: the client's call deadline (the call itself retries as the client's policy says). */
export const READ_TIMEOUT_MS = 60_000;

function timeoutsOf(props: Readonly<Record<string, unknown>>): FlowLogTimeouts | undefined {
  const value = props.timeouts;
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as FlowLogTimeouts) : undefined;
}

/** read by id; `props` are the stored outputs on refresh, or the program's inputs on import. */
export async function readFlowLog(ctx: ProviderContext, id: string, props: Readonly<Record<string, unknown>>): Promise<ReadResult> {
  const regionId = ctx.regionOf(props.regionId);
  const flowLog = await ctx.watcher(regionId).lookup(id, { timeoutMs: READ_TIMEOUT_MS, failOnError: true });
  if (flowLog === undefined) return { id: "" };
  const timeouts = timeoutsOf(props);
  const inputs = inputsFromCloud(flowLog, timeouts, regionId);
  return { id, props: toOutputs(flowLog, inputs.timeouts, regionId), inputs };
}
