/**
 * The `import` resource option, done by create. The engine's import reads the flow log with neither inputs nor prior
 * state (ImportStep.Apply in pkg/resource/deploy/step.go), so the dynamic-provider server finds no `__provider` and fails
 * before any code of ours runs (pulumi/pulumi#3550, still open). FlowLog's constructor therefore turns
 * `{ import: "fl-..." }` into the input `importId` and registers a plain create; this create reads that flow log instead
 * of making one, and takes it only when the program's arguments describe it, as the engine's import would ("inputs to
 * import do not match the existing resource"). Nothing is created or changed either way. An option naming another flow
 * log than the one in the state is an import replacement, as the engine's (diff.ts): that one adopted first, then this
 * one deleted.
 */
import type { ProviderContext } from "./context";
import type { CreateResult } from "./create";
import { diffFlowLog, STATE_ONLY_PROPERTIES } from "./diff";
import { FlowLogOperationError } from "./errors";
import { readFlowLog } from "./read";
import type { FlowLogInputs, FlowLogOutputs } from "./types";

/** What to do after an import that found nothing: also the case of a replacement whose program kept the option. */
const NOT_FOUND_HINT =
  "check the id and the region (regionId, else alicloud:region); if this create replaces a flow log imported earlier, " +
  "remove the `import` option: it is needed only for the first `pulumi up`";

/**
 * Adopts flow log `importId` for `inputs` (checked).
 * @throws FlowLogOperationError when no such flow log exists in the region, or when `inputs` would change it (naming
 *   the arguments that differ: an import never changes the flow log); the client's errors when the lookup fails.
 */
export async function importFlowLog(ctx: ProviderContext, importId: string, inputs: FlowLogInputs): Promise<CreateResult> {
  const regionId = ctx.regionOf(inputs.regionId);
  const read = await readFlowLog(ctx, importId, { regionId, timeouts: inputs.timeouts });
  if (read.props === undefined) {
    throw new FlowLogOperationError(`FlowLog import: flow log ${importId} does not exist in ${regionId} (DescribeFlowLogs); ${NOT_FOUND_HINT}`);
  }
  const differ = importMismatch(read.props, inputs);
  if (differ.length > 0) {
    // Names only: an argument may be pulumi.secret(), which a dynamic provider cannot tell.
    throw new FlowLogOperationError(
      `FlowLog import: inputs to import do not match the existing flow log ${importId}: ${differ.join(", ")} differ. Set them in ` +
        "the program as the flow log has them (leave out an optional one to leave it unmanaged), then run `pulumi up` again; " +
        "once imported, a change is an ordinary update or replacement",
    );
  }
  ctx.settings.log(`FlowLog ${importId}: imported`);
  return { id: importId, outs: read.props };
}

/** The status a flow log found mid-transition ends in, where that is known (Modifying returns to either). */
const SETTLES_TO: Readonly<Partial<Record<string, "Active" | "Inactive">>> = { Activating: "Active", Deactivating: "Inactive" };

/** The arguments of `inputs` that an import of the flow log `outputs` describes would refuse, by name (importFlowLog). */
export function importMismatch(outputs: FlowLogOutputs, inputs: FlowLogInputs): string[] {
  const diff = diffFlowLog(outputs as unknown as Record<string, unknown>, inputs as unknown as Record<string, unknown>);
  return [...diff.replaces, ...diff.updates].filter((property) => !(STATE_ONLY_PROPERTIES as readonly string[]).includes(property));
}

/**
 * The part of a refused create's advice (`{ import: id }`) that says which arguments the import needs set as the flow log
 * has them now; empty when the program's match. Only `status` is quoted (an enum): other values may be secrets.
 */
export function importAdvice(outputs: FlowLogOutputs, inputs: FlowLogInputs): string {
  if (outputs.status === "Deleting") return ` It is being deleted (status Deleting): run the command again once it is gone.`;
  // An import waits out a transition (read.ts settled): judge the status it will see, and none when that is not known.
  const settling = SETTLES_TO[outputs.status];
  const seen = settling === undefined ? outputs : { ...outputs, status: settling };
  const differ = importMismatch(seen, inputs).filter((property) => property !== "status" || seen.status === "Active" || seen.status === "Inactive");
  if (differ.length === 0) return "";
  const status = differ.includes("status") ? ` (status: "${seen.status}")` : "";
  return (
    ` An import takes it only as it is: for that run, set ${differ.join(", ")} as ${outputs.flowLogId} has them now${status}, ` +
    "or leave an optional one out; change them in a later update."
  );
}

/**
 * A replacement of the flow log that the program still imports (`importId` is its own id): the replacement's create would
 * adopt the flow log being replaced, which is deleted first, or fails to match. Refused at diff, so `pulumi preview`
 * says it before anything is deleted.
 * @throws FlowLogOperationError naming the replacing arguments.
 */
export function refuseReplacingImported(id: string, news: Readonly<Record<string, unknown>>, replaces: readonly string[]): void {
  if (replaces.length === 0 || news.importId !== id) return;
  throw new FlowLogOperationError(
    `FlowLog ${id}: a change of ${replaces.join(", ")} replaces this flow log, but the program still imports it (the \`import\` ` +
      "option): remove the option (it is needed only for the first `pulumi up`), then run the command again",
  );
}
