/**
 * read: look the flow log up by id and region. Gone is gone (`id: ""`); otherwise the outputs carry
 * what the cloud says, so drift shows in the next diff, and `inputs` describe the flow log as it is, which
 * is what the `import` resource option needs (pulumi NOTES.md, "Import").
 */
import { describeOne } from "./api";
import type { ProviderContext } from "./context";
import { inputsFromCloud, toOutputs } from "./mapping";
import type { FlowLogInputs, FlowLogOutputs, FlowLogTimeouts } from "./types";

/** What Pulumi's dynamic provider expects from read. */
export interface ReadResult {
  readonly id: string;
  readonly props?: FlowLogOutputs;
  readonly inputs?: FlowLogInputs;
}

function timeoutsOf(props: Readonly<Record<string, unknown>>): FlowLogTimeouts | undefined {
  const value = props.timeouts;
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as FlowLogTimeouts) : undefined;
}

/** read by id; `props` are the stored outputs on refresh, or the program's inputs on import. */
export async function readFlowLog(ctx: ProviderContext, id: string, props: Readonly<Record<string, unknown>>): Promise<ReadResult> {
  const regionId = ctx.regionOf(props.regionId);
  const flowLog = await describeOne(ctx.api, regionId, id);
  if (flowLog === undefined) return { id: "" };
  const timeouts = timeoutsOf(props);
  const inputs = inputsFromCloud(flowLog, timeouts, regionId);
  return { id, props: toOutputs(flowLog, inputs.timeouts, regionId), inputs };
}
