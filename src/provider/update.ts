/**
 * update: apply in-place changes (ModifyFlowLogAttribute, ActiveFlowLog / DeactiveFlowLog, TagResources /
 * UnTagResources, MoveResourceGroup) within the update timeout, waiting for each to settle. New timeouts alone are
 * only recorded. A flow log left mid-transition by an earlier run (e.g. a create that timed out) is waited for first,
 * so the next `pulumi up` resumes rather than fails. A timeout is an initialization failure that keeps the id and the
 * last known properties.
 */
import type { ProviderContext } from "./context";
import { converge, settle, type ConvergeTarget } from "./converge";
import { diffFlowLog, STATE_ONLY_PROPERTIES } from "./diff";
import { timeoutMsOf } from "./duration";
import { describeError, FlowLogInitError, FlowLogOperationError } from "./errors";
import { toOutputs } from "./mapping";
import type { CloudFlowLog, FlowLogInputs, FlowLogOutputs } from "./types";
import { outcomeMessage } from "./wait";

/** What Pulumi's dynamic provider expects from update: the full outputs. */
export interface UpdateResult {
  readonly outs: FlowLogOutputs;
}

function initFailure(id: string, seen: CloudFlowLog, news: FlowLogInputs, regionId: string, message: string): FlowLogInitError {
  const properties: Record<string, unknown> = { ...toOutputs(seen, news.timeouts, regionId) };
  if (news.__provider !== undefined) properties.__provider = news.__provider;
  return new FlowLogInitError(id, properties, message);
}

/** An init failure that keeps the stored outputs as they are (nothing seen that could replace them). */
function keptFailure(id: string, olds: Readonly<Record<string, unknown>>, news: FlowLogInputs, message: string): FlowLogInitError {
  return new FlowLogInitError(id, { ...olds, ...(news.__provider === undefined ? {} : { __provider: news.__provider }) }, message);
}

/**
 * Stored outputs of a create that timed out before DescribeFlowLogs listed the flow log (create.ts records them from its
 * inputs: status Activating, no CreationTime): it may still become visible, so an update gives it the absent grace
 * before calling it gone. Outputs without a CreationTime for another reason (an older state) are not this case.
 */
function neverListed(olds: Readonly<Record<string, unknown>>): boolean {
  return (olds.creationTime === "" || olds.creationTime === undefined) && olds.status === "Activating";
}

/**
 * The stored outputs with the new timeouts, when they are all that changed (diff.ts STATE_ONLY_PROPERTIES): such an
 * update calls no API, as preview promised (`~ timeouts`); it neither waits for a transition nor undoes unrefreshed
 * drift. Undefined when anything else differs, or nothing does (an init-failed resource, which must resume).
 */
function recordOnly(olds: Readonly<Record<string, unknown>>, news: FlowLogInputs): FlowLogOutputs | undefined {
  const { replaces, updates } = diffFlowLog(olds, news as unknown as Readonly<Record<string, unknown>>);
  const stateOnly: readonly string[] = STATE_ONLY_PROPERTIES;
  if (replaces.length > 0 || updates.length === 0 || !updates.every((property) => stateOnly.includes(property))) return undefined;
  const { __provider: _provider, ...stored } = olds;
  return { ...stored, timeouts: news.timeouts } as unknown as FlowLogOutputs;
}

/**
 * The flow log as it is now, out of any transition: what the update plans from. A flow log left mid-transition (or, after
 * a create that timed out, not listed yet) is waited for first.
 * @throws FlowLogOperationError when it no longer exists; FlowLogInitError when it does not settle within the timeout.
 */
async function startingPoint(ctx: ProviderContext, target: ConvergeTarget, olds: Readonly<Record<string, unknown>>, news: FlowLogInputs): Promise<CloudFlowLog> {
  const { regionId, flowLogId: id, deadline } = target;
  const found = await ctx.watcher(regionId).lookup(id, { timeoutMs: ctx.remaining(deadline) });
  if (found === undefined && !neverListed(olds)) {
    throw new FlowLogOperationError(`FlowLog ${id} no longer exists in ${regionId}; run \`pulumi refresh\` to drop it from the state, then \`pulumi up\``);
  }
  if (found?.status === "Active" || found?.status === "Inactive") return found;
  ctx.settings.log(`FlowLog ${id}: ${found?.status ?? "not listed yet"}; waiting for it to settle before updating`);
  const settled = await settle(ctx, target, found);
  if (settled.kind === "reached" && settled.flowLog !== undefined) return settled.flowLog;
  const message = outcomeMessage(settled, id, "settled", news.timeouts.update, undefined, found === undefined ? {} : { lastSeen: found });
  // The failure's state: the wait's last sighting, which may show changes made meanwhile, else the first look.
  const seen = (settled.kind === "failed" ? settled.flowLog : "lastSeen" in settled ? settled.lastSeen : undefined) ?? found;
  throw seen === undefined ? keptFailure(id, olds, news, message) : initFailure(id, seen, news, regionId, message);
}

/** update by id: `olds` are the stored outputs, `news` check's normalized inputs. */
export async function updateFlowLog(
  ctx: ProviderContext,
  id: string,
  olds: Readonly<Record<string, unknown>>,
  news: FlowLogInputs,
): Promise<UpdateResult> {
  const recorded = recordOnly(olds, news);
  if (recorded !== undefined) return { outs: recorded };
  const regionId = ctx.regionOf(news.regionId ?? olds.regionId);
  const deadline = ctx.settings.clock.now() + timeoutMsOf(news.timeouts.update);
  const target: ConvergeTarget = { regionId, flowLogId: id, desired: news, deadline };
  const current = await startingPoint(ctx, target, olds, news);
  const result = await converge(ctx, target, current);
  if (result.kind === "error") throw initFailure(id, result.lastSeen, news, regionId, describeError(result.error));
  if (result.kind === "stopped") {
    const message = outcomeMessage(result.outcome, id, result.label, news.timeouts.update, undefined, { lastSeen: result.lastSeen, lastError: result.lastError });
    throw initFailure(id, result.lastSeen ?? current, news, regionId, message);
  }
  return { outs: toOutputs(result.flowLog, news.timeouts, regionId) };
}
