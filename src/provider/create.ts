/**
 * create (issues 4 and 5): note the flow logs already on the resource, CreateFlowLog, recover from a lost
 * answer by adopting the flow log that is new since the note and matches the inputs (never one that
 * existed before, nor another create's: creates of this process on one resource take these steps one at a
 * time), explain the two refusals users hit (resource already has a flow log; service not
 * open), try again within the create timeout after a passing failure (Throttling, a 5xx), then wait until Active
 * and, if asked, deactivate. Once the flow log exists every failure is an initialization failure that carries its id,
 * so Pulumi keeps it in the state.
 */
import { describeOnResource, within } from "./api";
import { sleep } from "./clock";
import type { ProviderContext } from "./context";
import { converge } from "./converge";
import { timeoutMsOf } from "./duration";
import {
  apiErrorCode,
  describeError,
  FlowLogConflictError,
  FlowLogInitError,
  FlowLogOperationError,
  FlowLogServiceNotOpenError,
  isAmbiguous,
  isCutShort,
  isPassingFailure,
  retryAfterMs,
} from "./errors";
import { diffFlowLog } from "./diff";
import { importAdvice } from "./import-existing";
import { cloudFromInputs, createFlowLogParams, toOutputs } from "./mapping";
import { nextGapMs } from "./schedule";
import type { CloudFlowLog, FlowLogInputs, FlowLogOutputs } from "./types";
import { outcomeMessage, waitForState } from "./wait";

/**
 * Time a CreateFlowLog try after a passing failure must have left: one cut off by the deadline after it was sent is a
 * lost answer, which costs a look of up to the adopt window (findOurs).
 */
const MIN_CREATE_TRY_MS = 1_000;

/** CreateFlowLog calls whose answer was lost (each followed by a look) before giving up. */
const MAX_CREATE_ATTEMPTS = 3;

/** The result Pulumi's dynamic provider expects from create. */
export interface CreateResult {
  readonly id: string;
  readonly outs: FlowLogOutputs;
}

/** True when a flow log seen on the resource is the one our inputs describe (replace-relevant fields and names). */
export function matchesInputs(flowLog: CloudFlowLog, inputs: FlowLogInputs): boolean {
  return (
    flowLog.resourceId === inputs.resourceId &&
    flowLog.resourceType === inputs.resourceType &&
    flowLog.trafficType === inputs.trafficType &&
    flowLog.projectName === inputs.projectName &&
    flowLog.logStoreName === inputs.logStoreName &&
    (inputs.flowLogName === undefined || flowLog.flowLogName === inputs.flowLogName) &&
    (inputs.description === undefined || flowLog.description === inputs.description)
  );
}

interface Attempt {
  readonly ctx: ProviderContext;
  readonly inputs: FlowLogInputs;
  readonly regionId: string;
  readonly deadline: number;
  /** Ids on the resource before our first CreateFlowLog: never adopted. */
  readonly before: ReadonlySet<string>;
  /**
   * The newest CreationTime the region's watcher had seen before our first CreateFlowLog (service time), if any: a flow
   * log created well before it existed before our call, even if no listing showed it then (see {@link createdBefore}).
   */
  readonly newestSeen: string | undefined;
}

/**
 * Seconds by which a flow log's CreationTime must precede the newest one seen before our CreateFlowLog for it to count as
 * older than our call. CreationTime is whole seconds, and the service's hosts may stamp it with clocks a little apart:
 * one whole second is not enough evidence, two are.
 */
export const ADOPT_CLOCK_TOLERANCE_S = 2;

/**
 * True when `flowLog` was created before our CreateFlowLog by its CreationTime: at least {@link ADOPT_CLOCK_TOLERANCE_S}
 * before `newestSeen`. This guards what notes cannot: a flow log another client made earlier that DescribeFlowLogs did not
 * list yet when the note was taken (eventual consistency), and never listed at all to a partial listing since.
 */
export function createdBefore(flowLog: CloudFlowLog, newestSeen: string | undefined): boolean {
  if (newestSeen === undefined || flowLog.creationTime === "") return false;
  const created = Date.parse(flowLog.creationTime);
  const seen = Date.parse(newestSeen);
  return Number.isFinite(created) && Number.isFinite(seen) && created <= seen - ADOPT_CLOCK_TOLERANCE_S * 1000;
}

/**
 * Looks, for the adopt window (20 s by default), for a flow log new since the note that matches the inputs. The window
 * may run past the create's deadline: a CreateFlowLog cut off at the deadline after it was sent may have made one, and
 * finding it (the create then fails as an initialization failure that keeps its id) beats leaving it out of the state.
 */
async function findOurs(attempt: Attempt): Promise<string | undefined> {
  const { ctx, inputs, regionId } = attempt;
  const clock = ctx.settings.clock;
  const started = clock.now();
  const until = started + ctx.settings.adoptWindowMs;
  for (;;) {
    const candidates = (await describeOnResource(ctx.api, regionId, inputs.resourceId, within(Math.max(ctx.remaining(attempt.deadline), until - clock.now())))).filter(
      (flowLog) => !attempt.before.has(flowLog.flowLogId) && !createdBefore(flowLog, attempt.newestSeen) && matchesInputs(flowLog, inputs),
    );
    if (candidates.length > 1) {
      throw new FlowLogOperationError(
        `CreateFlowLog's answer was lost and several new flow logs on this ${inputs.resourceType} match these inputs ` +
          `(${candidates.map((c) => c.flowLogId).join(", ")}); adopt the right one with the \`import\` resource option and delete the others`,
      );
    }
    if (candidates[0] !== undefined) return candidates[0].flowLogId;
    const now = clock.now();
    if (now >= until) return undefined;
    await sleep(clock, Math.min(until - now, nextGapMs(now - started, ctx.settings.schedule)));
  }
}

async function conflictError(attempt: Attempt, cause: unknown): Promise<FlowLogConflictError> {
  const { ctx, inputs, regionId } = attempt;
  const existing = await describeOnResource(ctx.api, regionId, inputs.resourceId, within(ctx.remaining(attempt.deadline))).catch(() => []);
  const ids = existing.map((flowLog) => flowLog.flowLogId);
  const named = ids.length > 0 ? `flow log ${ids.join(", ")}` : "a flow log (not listed by DescribeFlowLogs yet: run the same command again in a minute to see its id)";
  const adopt = ids[0] ?? "fl-...";
  const advice =
    existing[0] === undefined ? " An import takes it only with args matching it." : importAdvice(toOutputs(existing[0], inputs.timeouts, regionId), inputs);
  return new FlowLogConflictError(
    `This ${inputs.resourceType} (resourceId) in ${regionId} already has ${named}; the service allows no second one ` +
      `(${describeError(cause)}). To manage the existing one with Pulumi, adopt it: ` +
      `new FlowLog(name, args, { import: "${adopt}" }), or delete it first.` +
      `${advice} If it belongs to another ` +
      `FlowLog of this stack that moves off this ${inputs.resourceType} in the same update (two flow logs trading resources), ` +
      `that one is replaced only after this create: make the move in two updates.`,
    ids,
  );
}

async function serviceClosedError(attempt: Attempt, cause: unknown): Promise<Error> {
  const { ctx, regionId } = attempt;
  let enabled: unknown;
  try {
    enabled = (await ctx.api.getFlowLogServiceStatus({ regionId }, within(ctx.remaining(attempt.deadline)))).Enabled;
  } catch (statusError) {
    return new FlowLogOperationError(
      `${describeError(cause)}. This usually means the flow log service is not open in ${regionId}; ` +
        `GetFlowLogServiceStatus could not confirm it (${describeError(statusError)})`,
    );
  }
  if (enabled === false || enabled === "false") return new FlowLogServiceNotOpenError(regionId);
  return new FlowLogOperationError(`${describeError(cause)} (GetFlowLogServiceStatus reports the service open in ${regionId})`);
}

/** CreateFlowLog, adopting the flow log a lost answer may have made. Returns the id. */
async function createOrAdopt(attempt: Attempt): Promise<string> {
  const { ctx, inputs, regionId } = attempt;
  let answerLost = false;
  let lostAnswers = 0;
  let lastPassing: unknown;
  for (;;) {
    try {
      // The create's own deadline, not the client's 60 s: a CreateFlowLog queued behind many others in the client's rate
      // limiter is not a failure while the create has time left.
      const response = await ctx.api.createFlowLog(createFlowLogParams(inputs, regionId), within(ctx.remaining(attempt.deadline)));
      const id = response.FlowLogId;
      if (typeof id !== "string" || id === "") throw new FlowLogOperationError("CreateFlowLog answered without a FlowLogId");
      return id;
    } catch (error) {
      const code = apiErrorCode(error);
      if (code === "InvalidResourceId.NotFound") {
        // "This resourceId already has flowlog instance existed": after a lost answer it may be ours.
        const ours = answerLost ? await findOurs(attempt) : undefined;
        if (ours !== undefined) return ours;
        throw await conflictError(attempt, error);
      }
      if (code === "OperationUnsupported.action") throw await serviceClosedError(attempt, error);
      // At least the pause the service asked for (x-acs-retry-after), which the client could not fit in its deadline.
      const pause = Math.max(nextGapMs(0, ctx.settings.schedule), retryAfterMs(error));
      if (isPassingFailure(error, ctx.watcher(regionId).answered) && ctx.remaining(attempt.deadline) > pause + MIN_CREATE_TRY_MS) {
        // Refused for a passing reason (Throttling, a 5xx) after the client's retries: nothing was made; again, in time.
        ctx.settings.log(`FlowLog on a ${inputs.resourceType}: ${describeError(error)}; trying CreateFlowLog again`);
        lastPassing = error;
        await sleep(ctx.settings.clock, pause);
        continue;
      }
      // A call cut short by the deadline says nothing new: the passing failure before it is the cause to name.
      if (!isAmbiguous(error)) throw isCutShort(error) && lastPassing !== undefined ? lastPassing : error;
      answerLost = true;
      lostAnswers += 1;
      ctx.settings.log(`FlowLog on a ${inputs.resourceType}: ${describeError(error)}; looking for the flow log it may have created`);
      const ours = await findOurs(attempt);
      if (ours !== undefined) {
        ctx.settings.log(`FlowLog ${ours}: adopted (created by the call whose answer was lost)`);
        return ours;
      }
      if (lostAnswers >= MAX_CREATE_ATTEMPTS || ctx.remaining(attempt.deadline) === 0) throw error;
      ctx.settings.log(`FlowLog on a ${inputs.resourceType}: no new flow log appeared; creating again`);
    }
  }
}

function initFailure(id: string, seen: CloudFlowLog, inputs: FlowLogInputs, regionId: string, message: string): FlowLogInitError {
  const properties: Record<string, unknown> = { ...toOutputs(seen, inputs.timeouts, regionId) };
  if (inputs.__provider !== undefined) properties.__provider = inputs.__provider;
  return new FlowLogInitError(id, properties, message);
}

/**
 * A flow log already on the resource with these same arguments, not made by this process: most likely one an interrupted
 * `pulumi up` created (the engine keeps no record of a create whose provider died), so a second one would be a duplicate
 * and the first an orphan. Where the service allows only one per resource it would refuse anyway (conflictError); where
 * it allows several, this is the only guard. Same-resource replacements delete first (diff's deleteBeforeReplace).
 */
/**
 * What a create of these inputs would have made: diff finds nothing to replace or update against it (every argument the
 * program gives, with diff's defaults: trafficPaths, ipVersion, aggregationInterval, tags, resource group...; status and
 * timeouts aside), and its name and description are exactly these (absent ones as "").
 */
function isTwin(flowLog: CloudFlowLog, inputs: FlowLogInputs, regionId: string): boolean {
  if (flowLog.flowLogName !== (inputs.flowLogName ?? "") || flowLog.description !== (inputs.description ?? "")) return false;
  const stored = toOutputs(flowLog, inputs.timeouts, regionId) as unknown as Readonly<Record<string, unknown>>;
  const { replaces, updates } = diffFlowLog(stored, inputs as unknown as Readonly<Record<string, unknown>>);
  return replaces.length === 0 && updates.every((property) => property === "status" || property === "timeouts");
}

/**
 * The candidates still there and not being deleted, by a fresh look at each: the note may come from a listing up to 1 s
 * old (watcher.ts `note`), taken before a same-resource replacement deleted the flow log this create replaces.
 */
async function confirmedTwins(ctx: ProviderContext, regionId: string, deadline: number, candidates: readonly CloudFlowLog[]): Promise<CloudFlowLog[]> {
  const watcher = ctx.watcher(regionId);
  const seen = await Promise.all(candidates.map((flowLog) => watcher.lookup(flowLog.flowLogId, { timeoutMs: ctx.remaining(deadline) })));
  return seen.filter((flowLog): flowLog is CloudFlowLog => flowLog !== undefined && flowLog.status !== "Deleting");
}

function twinError(inputs: FlowLogInputs, regionId: string, twins: readonly CloudFlowLog[]): FlowLogConflictError {
  const ids = twins.map((flowLog) => flowLog.flowLogId);
  return new FlowLogConflictError(
    `This ${inputs.resourceType} (resourceId) in ${regionId} already has flow log ${ids.join(", ")} with these same arguments ` +
      "(perhaps made by an interrupted `pulumi up`, or outside this stack); a second one would duplicate it. If no FlowLog of " +
      `this stack manages it, adopt it: new FlowLog(name, args, { import: "${ids[0]}" }), or delete it first.` +
      `${importAdvice(toOutputs(twins[0]!, inputs.timeouts, regionId), inputs)} If another ` +
      "FlowLog of this stack has these same arguments, give this one a flowLogName of its own.",
    ids,
  );
}

/** create: see the module comment. `inputs` are check's normalized inputs. */
export async function createFlowLog(ctx: ProviderContext, inputs: FlowLogInputs): Promise<CreateResult> {
  const clock = ctx.settings.clock;
  const regionId = ctx.regionOf(inputs.regionId);
  const started = clock.now();
  const deadline = started + timeoutMsOf(inputs.timeouts.create);
  // One create at a time per resource in this process, from its note to its id: the note must list the flow log of an
  // earlier create on the same resource (keyed-serializer.ts). Creates on other resources go on at once.
  const key = `${regionId}/${inputs.resourceId}`;
  const id = await ctx.createsByResource.run(key, async () => {
    // The note (issue 5) from the region watcher: shared with every create that starts within the coalescing window, or
    // the last region listing if fresh (watcher.ts `note`), instead of one DescribeFlowLogs per create.
    const watcher = ctx.watcher(regionId);
    const noted = await watcher.note(inputs.resourceId, { timeoutMs: ctx.remaining(deadline) });
    const newestSeen = watcher.newestCreationTime;
    // Flow logs this process created on the resource are never ours either, even when the note missed them (a new flow
    // log may be missing from DescribeFlowLogs for a while: eventual consistency).
    const mine = ctx.createdOnResource.get(key) ?? new Set<string>();
    ctx.createdOnResource.set(key, mine);
    const before = new Set([...noted.map((flowLog) => flowLog.flowLogId), ...mine]);
    const twins = await confirmedTwins(ctx, regionId, deadline, noted.filter((flowLog) => !mine.has(flowLog.flowLogId) && isTwin(flowLog, inputs, regionId)));
    if (twins.length > 0) throw twinError(inputs, regionId, twins);
    const created = await createOrAdopt({ ctx, inputs, regionId, deadline, before, newestSeen });
    mine.add(created);
    return created;
  });
  ctx.settings.log(`FlowLog ${id}: created on a ${inputs.resourceType}; waiting for Active`);

  const outcome = await waitForState(ctx, {
    regionId,
    flowLogId: id,
    deadline,
    label: "Active",
    want: (flowLog) => flowLog.status === "Active",
    dead: (flowLog) => flowLog.status === "Inactive" || flowLog.status === "Deleting",
    whenAbsent: "gone",
    absentGraceMs: ctx.settings.absentGraceMs,
  });
  const lastSeen = outcome.kind === "reached" ? outcome.flowLog : "lastSeen" in outcome ? outcome.lastSeen : undefined;
  const seen = lastSeen ?? cloudFromInputs(inputs, id, regionId, outcome.kind === "failed" ? outcome.status : "Activating");
  if (outcome.kind !== "reached" || outcome.flowLog === undefined) {
    throw initFailure(id, seen, inputs, regionId, outcomeMessage(outcome, id, "Active", inputs.timeouts.create));
  }
  ctx.settings.log(`FlowLog ${id}: Active after ${((clock.now() - started) / 1000).toFixed(1)} s`);

  let final = outcome.flowLog;
  if (inputs.status === "Inactive") {
    const result = await converge(ctx, { regionId, flowLogId: id, desired: inputs, deadline }, final);
    if (result.kind === "error") throw initFailure(id, result.lastSeen, inputs, regionId, describeError(result.error));
    if (result.kind === "stopped") {
      const message = outcomeMessage(result.outcome, id, "Inactive", inputs.timeouts.create, undefined, { lastSeen: result.lastSeen, lastError: result.lastError });
      throw initFailure(id, result.lastSeen ?? final, inputs, regionId, message);
    }
    final = result.flowLog;
  }
  return { id, outs: toOutputs(final, inputs.timeouts, regionId) };
}
