import { randomUUID } from "node:crypto";
import { CallScope, checkDeadline } from "./call-scope";
import { systemClock, type Clock } from "./clock";
import { nonEmpty, type ConfigSource, type EnvSource } from "./config-source";
import { checkExplicitCredentials, resolveCredentials, resolveRegion, type Credentials, type CredentialsChain, type CredentialsSource } from "./credentials";
import { noRegionError, resolveEndpoint, type Endpoint } from "./endpoint";
import { AlicloudApiError, AlicloudConfigError, AlicloudError, AlicloudRequestError } from "./errors";
import { flattenParams } from "./params";
import { interpretResponse } from "./response";
import { checkRetryPolicy, classifyRequestFailure, decideRetry, DEFAULT_RETRY, isThrottling, type RetryPolicy } from "./retry";
import * as S from "./schemas";
import { checkRateLimit, DEFAULT_RATE_LIMIT, sharedRateLimiter, type RateLimit, type RateLimiter } from "./throttle";
import { CANCELLED_UNSENT, DEFAULT_TIMEOUTS, describeTransportError, Transport, type AgentExtras, type HttpResponse, type TransportTimeouts } from "./transport";
import { SigningInputError } from "./signing";
import { buildSignedRequest, type SignatureVersion, type SignedRequest } from "./wire";

/** Options of {@link VpcClient}. Every one is optional. */
export interface VpcClientOptions {
  /** Region used when a call has no `RegionId`. Default: config `alicloud:region`, env ALIBABA_CLOUD_REGION, ALICLOUD_REGION. */
  readonly regionId?: string;
  /**
   * Endpoint override: a full URL (`http://127.0.0.1:8080` allowed) or a bare host (https assumed). Default: config
   * `alicloud-flowlog:endpoint`, env ALIBABA_CLOUD_VPC_ENDPOINT, then `https://vpc.<region>.aliyuncs.com`.
   */
  readonly endpoint?: string;
  /**
   * Explicit credentials, or a function called at every attempt. Default: config, env, then the default chain. Wherever
   * they come from, values are used with surrounding white space trimmed; blank ones count as unset.
   * @throws CredentialsError (at call time) naming every place looked when none gives an AccessKeyId and AccessKeySecret.
   */
  readonly credentials?: CredentialsSource;
  /** Replaces the `@alicloud/credentials` default chain (tests); `false` skips it. */
  readonly credentialsChain?: CredentialsChain | false;
  /** Pulumi configuration (`configure()`'s `req.config` fits). */
  readonly config?: ConfigSource;
  /**
   * Environment variables for the lookups this client makes itself (region, keys, token, endpoint, profile name).
   * @default process.env. The `@alicloud/credentials` default chain reads `process.env` on its own: to keep a client
   * off the process's environment entirely, give `env` and `credentialsChain: false` (or explicit `credentials`).
   */
  readonly env?: EnvSource;
  /** @default "v3" (ACS3-HMAC-SHA256, as the official SDK) */
  readonly signatureVersion?: SignatureVersion;
  /** Milliseconds. @default { connectMs: 10000, headersMs: 30000, bodyMs: 30000 } */
  readonly timeouts?: Partial<TransportTimeouts>;
  /**
   * Milliseconds (deadlineMs: Infinity for none). @default { maxAttempts: 6, baseDelayMs: 200, maxDelayMs: 10000, deadlineMs: 60000 }
   * @throws RangeError (from the constructor) naming the field when a value is out of range (checkRetryPolicy)
   */
  readonly retry?: Partial<RetryPolicy>;
  /**
   * Client-side limit per action, shared by every client of the process for the same endpoint and AccessKeyId; halved on
   * each Throttling answer and regained gradually. `false` turns it off. @default { requestsPerSecond: 20, burst: 20 }
   */
  readonly rateLimit?: Partial<RateLimit> | false;
  /** Receives one line per retry. Lines never hold a secret, token or signature. */
  readonly logger?: (line: string) => void;
  /** Wall clock for `x-acs-date` / `Timestamp`. @default () => new Date() */
  readonly now?: () => Date;
  /** Signature nonce, called for every attempt. @default crypto.randomUUID */
  readonly nonce?: () => string;
  /** Uniform [0, 1) source for backoff jitter. @default Math.random */
  readonly random?: () => number;
  /** Monotonic time and sleeping, for tests. */
  readonly clock?: Clock;
  /** Extra undici Agent options (tests: a custom `connect`). */
  readonly agent?: AgentExtras;
}

/** Options of one call. */
export interface CallOptions {
  /** Cancels waits and the request in flight. */
  readonly signal?: AbortSignal;
  /**
   * Overall deadline of this call, milliseconds (Infinity for none; 0 or less has passed: nothing is sent). Default: the
   * client's `retry.deadlineMs`. NaN is refused with a RangeError.
   */
  readonly deadlineMs?: number;
  /** Whether the action changes state (decides retries after network failures). Default: by action. */
  readonly write?: boolean;
  /**
   * Told of each failed attempt that will be retried, before the backoff of `delayMs` milliseconds: lets a caller name a
   * cause (Throttling, a refused connection) while the call is still retrying. An exception it throws is ignored.
   */
  readonly onRetry?: (error: AlicloudError, attempt: number, delayMs: number) => void;
}

type Json = Record<string, unknown>;

/** The per-call facts the attempts share. */
interface CallContext {
  readonly action: string;
  readonly spec: S.ActionSpec | undefined;
  readonly params: Record<string, string>;
  readonly endpoint: Endpoint;
  readonly write: boolean;
  readonly scope: CallScope;
  readonly onRetry: CallOptions["onRetry"];
  /** The limiter of the last attempt (undefined before the first, or when rate limiting is off). */
  limiter?: RateLimiter;
  /** The failure the call is retrying after: reported when the next attempt's turn in the limiter outlives the deadline. */
  retrying?: AlicloudError;
}

/** PageSize of describeAllFlowLogs: the API's maximum. */
const ALL_PAGE_SIZE = 50;
/** Guard against a server that never ends paging. */
const MAX_PAGES = 10_000;

/**
 * Client of the Alibaba Cloud VPC API (2016-04-28), RPC style over undici.
 *
 * Every call is signed (V3 by default), retried on transient failures with full-jitter backoff within a deadline,
 * rate-limited per endpoint + AccessKeyId + action, and its answer checked by the action's zod schema. Credentials and
 * region are resolved at every call; only an explicit `credentials` option is kept (in a private field).
 *
 * Errors: AlicloudApiError (the service answered an error), AlicloudRequestError (no answer; `ambiguous` for a write
 * that may have been applied), AlicloudResponseError (unexpected 2xx answer), CredentialsError, AlicloudConfigError.
 */
export class VpcClient {
  readonly #options: VpcClientOptions;
  readonly #transport: Transport;
  readonly #policy: RetryPolicy;
  readonly #rateLimit: RateLimit | false;
  readonly #clock: Clock;
  readonly #now: () => Date;
  readonly #nonce: () => string;
  /** The shared limiter last used, and what it was for: almost every call of a client has the same endpoint and key. */
  #limiter: { readonly origin: string; readonly accessKeyId: string; readonly limiter: RateLimiter } | undefined;

  constructor(options: VpcClientOptions = {}) {
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
    this.#now = options.now ?? (() => new Date());
    this.#nonce = options.nonce ?? randomUUID;
    this.#policy = checkRetryPolicy({ ...DEFAULT_RETRY, ...options.retry });
    this.#rateLimit = options.rateLimit === false ? false : checkRateLimit({ ...DEFAULT_RATE_LIMIT, ...options.rateLimit });
    this.#transport = new Transport({ ...DEFAULT_TIMEOUTS, ...options.timeouts }, options.agent);
  }

  /**
   * Calls any action. `params` in camelCase or the API's names (see `flattenParams`); `RegionId` is filled from the
   * client's region when absent. Known actions are checked by their schema; others return the JSON object as sent.
   * @returns the parsed answer, in the API's own shape and names.
   * @throws AlicloudApiError, AlicloudRequestError, AlicloudResponseError, CredentialsError, AlicloudConfigError.
   */
  async call(action: string, params: Readonly<Record<string, unknown>> = {}, options: CallOptions = {}): Promise<Json> {
    const wire = flattenParams(params);
    const env = this.#env();
    // An empty RegionId parameter counts as absent, as empty options, config and env values do (resolveRegion).
    const regionId = nonEmpty(wire.RegionId) ?? resolveRegion({ explicit: this.#options.regionId, config: this.#options.config, env });
    const spec = S.actionSpec(action);
    // Every action this client knows takes RegionId; another one sent through call() may not.
    if (!regionId && spec !== undefined) throw noRegionError();
    if (regionId) wire.RegionId = regionId;
    const endpoint = resolveEndpoint({ explicit: this.#options.endpoint, env, config: this.#options.config, regionId });
    const deadlineMs = options.deadlineMs === undefined ? this.#policy.deadlineMs : checkDeadline(options.deadlineMs, "deadlineMs");
    const scope = new CallScope(this.#clock, deadlineMs, options.signal);
    const ctx: CallContext = { action, spec, params: wire, endpoint, write: options.write ?? S.isWriteAction(action), scope, onRetry: options.onRetry };
    // The one loop that sleeps between attempts; here rather than in a helper: one async frame (a promise and its ticks)
    // less per call.
    try {
      for (let attempt = 1; ; attempt++) {
        try {
          return await this.#attempt(ctx, attempt);
        } catch (e) {
          await this.#beforeRetry(ctx, attempt, e);
        }
      }
    } finally {
      scope.dispose();
    }
  }

  /**
   * After a failed attempt: waits the backoff when the failure is retryable within the policy and the deadline.
   * @throws the failure itself when it is not retried, or the scope's error when the call stops while waiting.
   */
  async #beforeRetry(ctx: CallContext, attempt: number, e: unknown): Promise<void> {
    if (!AlicloudError.isInstance(e)) throw e;
    const decision = decideRetry({
      attempt,
      retryable: e.retryable,
      retryAfterMs: AlicloudApiError.isInstance(e) ? e.retryAfterMs : undefined,
      remainingMs: ctx.scope.remainingMs(),
      policy: this.#policy,
      random: (this.#options.random ?? Math.random)(),
    });
    if (!decision.retry) throw e;
    // A turn in the limiter (slowed by a Throttling answer) that ends past the deadline makes the retry pointless too.
    const queuedMs = ctx.limiter?.expectedWaitMs(ctx.action, decision.delayMs) ?? 0;
    if (decision.delayMs + queuedMs >= ctx.scope.remainingMs()) throw e;
    ctx.retrying = e;
    try {
      ctx.onRetry?.(e, attempt, decision.delayMs);
    } catch {
      // A listener's failure must not change the call's outcome.
    }
    this.#options.logger?.(`${ctx.action} attempt ${attempt}/${this.#policy.maxAttempts} failed: ${e.message}; retrying in ${decision.delayMs} ms`);
    try {
      await this.#clock.sleep(decision.delayMs, ctx.scope.signal);
    } catch {
      throw ctx.scope.stoppedError(ctx.action, attempt, ctx.write, false);
    }
  }

  /** One attempt: credentials, rate limit, fresh signature, send, read. */
  async #attempt(ctx: CallContext, attempt: number): Promise<Json> {
    const found = this.#credentials();
    // No await (and no extra turn of the microtask queue) for credentials given as an object.
    const credentials = found instanceof Promise ? await this.#credentialsWithin(ctx, attempt, found) : found;
    const limiter = this.#limiterFor(ctx.endpoint.origin, credentials.accessKeyId);
    ctx.limiter = limiter;
    if (ctx.scope.aborted) throw ctx.scope.stoppedError(ctx.action, attempt, ctx.write, false);
    // Fast path: a free token is taken without a promise; otherwise wait in the limiter.
    const grantedAt = limiter && (limiter.tryAcquire(ctx.action) ?? (await this.#queue(ctx, limiter, attempt)));
    // After the limiter's wait: the deadline may have passed in it, its timer not fired yet.
    if (ctx.scope.mustStop()) throw ctx.scope.stoppedError(ctx.action, attempt, ctx.write, false);
    const signed = this.#sign(ctx, credentials);
    let response: HttpResponse;
    try {
      // Awaited here rather than in a helper: one async frame (a promise and its ticks) less per attempt.
      // The scope itself cancels the request (no AbortSignal made for it).
      // The limiter learns when the request is written: one that waited for a new connection counts in its window from then.
      const written = limiter && grantedAt !== undefined ? () => limiter.wrote(ctx.action, grantedAt) : undefined;
      response = await this.#transport.send(signed.request, ctx.scope, written);
    } catch (e) {
      throw this.#sendFailure(ctx, attempt, e);
    }
    try {
      return interpretResponse(
        { action: ctx.action, spec: ctx.spec, secrets: [credentials.accessKeySecret, credentials.securityToken, signed.signature], write: ctx.write, attempt },
        response,
      );
    } catch (e) {
      if (AlicloudApiError.isInstance(e) && isThrottling(e.code, e.httpStatus)) limiter?.throttled(ctx.action);
      throw e;
    }
  }

  /**
   * Waits for the attempt's turn in the limiter; returns the send time granted.
   * @throws the scope's error when the call stops while waiting; when the turn would come after the deadline, at once:
   *   the failure being retried, or (first attempt) a `deadline` error saying so
   */
  async #queue(ctx: CallContext, limiter: RateLimiter, attempt: number): Promise<number> {
    let grantedAt: number | undefined;
    try {
      grantedAt = await limiter.acquire(ctx.action, ctx.scope.signal, ctx.scope.remainingMs());
    } catch {
      throw ctx.scope.stoppedError(ctx.action, attempt, ctx.write, false);
    }
    if (grantedAt !== undefined) return grantedAt;
    throw (
      ctx.retrying ??
      new AlicloudRequestError({
        action: ctx.action,
        reason: "deadline",
        ambiguous: false,
        retryable: false,
        detail: `its turn in the client's rate limiter would come after the call's deadline of ${ctx.scope.deadlineMs} ms (nothing was sent)`,
        attempts: attempt,
      })
    );
  }

  /**
   * The attempt's request, freshly signed.
   * @throws AlicloudConfigError (reason `params`) when a value cannot be signed (an unpaired UTF-16 surrogate): a caller
   *   bug that no retry mends; the message names the rule and where, never the value.
   */
  #sign(ctx: CallContext, credentials: Credentials): SignedRequest {
    try {
      return buildSignedRequest({
        action: ctx.action,
        params: ctx.params,
        endpoint: ctx.endpoint,
        credentials,
        date: this.#now(),
        nonce: this.#nonce(),
        signatureVersion: this.#options.signatureVersion ?? "v3",
      });
    } catch (e) {
      if (SigningInputError.isInstance(e)) throw new AlicloudConfigError("params", `${ctx.action} cannot be signed: ${e.message}`, ctx.action);
      throw e;
    }
  }

  /** Credentials looked up for an attempt, given up once the call's deadline passes or its signal aborts. */
  async #credentialsWithin(ctx: CallContext, attempt: number, found: Promise<Credentials>): Promise<Credentials> {
    try {
      return await ctx.scope.until(found);
    } catch (e) {
      if (ctx.scope.aborted) throw ctx.scope.stoppedError(ctx.action, attempt, ctx.write, false);
      throw e;
    }
  }

  /** Credentials of one attempt: an explicit object is checked without a promise; anything else is resolved anew. */
  #credentials(): Credentials | Promise<Credentials> {
    const explicit = this.#options.credentials;
    if (explicit !== undefined && typeof explicit !== "function") return checkExplicitCredentials(explicit);
    return resolveCredentials({
      explicit,
      config: this.#options.config,
      env: this.#env(),
      ...(this.#options.credentialsChain !== undefined ? { chain: this.#options.credentialsChain } : {}),
    });
  }

  /** The process-wide limiter of an endpoint and key (see `sharedRateLimiter`), remembered for the next call. */
  #limiterFor(origin: string, accessKeyId: string): RateLimiter | undefined {
    if (this.#rateLimit === false) return undefined;
    const last = this.#limiter;
    if (last && last.origin === origin && last.accessKeyId === accessKeyId) {
      // As sharedRateLimiter does on every lookup: the last configured limit wins.
      last.limiter.configure(this.#rateLimit);
      return last.limiter;
    }
    const limiter = sharedRateLimiter(origin, accessKeyId, this.#rateLimit, this.#clock);
    this.#limiter = { origin, accessKeyId, limiter };
    return limiter;
  }

  /** A failed send as an AlicloudRequestError that holds no request data. */
  #sendFailure(ctx: CallContext, attempt: number, e: unknown): AlicloudRequestError | AlicloudConfigError {
    if (ctx.scope.aborted) return ctx.scope.stoppedError(ctx.action, attempt, ctx.write, e !== CANCELLED_UNSENT);
    // undici refuses a header value with a line break or a character outside Latin-1 before sending anything: a bad
    // credential or action name, not a network failure. Its message names the header, never the value.
    if ((e as { code?: unknown } | null)?.code === "UND_ERR_INVALID_ARG") {
      return new AlicloudConfigError("params", `${ctx.action} cannot be sent: ${(e as Error).message} (a line break or a character outside Latin-1 in the credentials or the action?)`, ctx.action);
    }
    const failure = describeTransportError(e);
    const { ambiguous, retryable } = classifyRequestFailure({ sent: failure.sent, permanent: failure.permanent, write: ctx.write });
    return new AlicloudRequestError({
      action: ctx.action,
      reason: failure.reason,
      ambiguous,
      retryable,
      detail: failure.cause.code ? `${failure.cause.code}: ${failure.cause.message}` : failure.cause.message,
      cause: failure.cause,
      attempts: attempt,
    });
  }

  #env(): EnvSource {
    return this.#options.env ?? process.env;
  }

  /** A typed method's call: the answer is the action's schema output (`call` checked it), so only its type is narrowed. */
  #invoke<R>(spec: S.ActionSpec, params: object, options?: CallOptions): Promise<R> {
    return this.call(spec.action, params as Readonly<Record<string, unknown>>, options) as Promise<R>;
  }

  /** CreateFlowLog: starts a flow log (Activating -> Active). A write: never retried after an ambiguous failure. */
  createFlowLog(params: S.CreateFlowLogRequest, options?: CallOptions): Promise<S.CreateFlowLogResponse> {
    return this.#invoke(S.CreateFlowLog, params, options);
  }

  /** DescribeFlowLogs: one page (PageSize default 20, max 50). An unknown FlowLogId gives an empty `FlowLogs.FlowLog`. */
  describeFlowLogs(params: S.DescribeFlowLogsRequest = {}, options?: CallOptions): Promise<S.DescribeFlowLogsResponse> {
    return this.#invoke(S.DescribeFlowLogs, params, options);
  }

  /**
   * Every flow log matching the filters, all pages (PageSize 50), in the order the API returns them. `pageNumber` and
   * `pageSize` in `params` (or `PageNumber`, `PageSize`) are ignored. Each page is one call with its own deadline.
   */
  async describeAllFlowLogs(params: S.DescribeFlowLogsRequest = {}, options?: CallOptions): Promise<S.FlowLogItem[]> {
    const all: S.FlowLogItem[] = [];
    // Either spelling of the paging parameters is dropped: with both, flattenParams would refuse a name given twice.
    const { pageNumber: _n, pageSize: _s, PageNumber: _N, PageSize: _S, ...filters } = params as S.DescribeFlowLogsRequest & Record<string, unknown>;
    for (let page = 1; page <= MAX_PAGES; page++) {
      const answer = await this.describeFlowLogs({ ...filters, pageNumber: page, pageSize: ALL_PAGE_SIZE }, options);
      const items = answer.FlowLogs.FlowLog;
      all.push(...items);
      const total = answer.TotalCount;
      if (items.length < ALL_PAGE_SIZE || (total !== undefined && all.length >= total)) break;
    }
    return all;
  }

  /** ModifyFlowLogAttribute (Modifying -> previous state). */
  modifyFlowLogAttribute(params: S.ModifyFlowLogAttributeRequest, options?: CallOptions): Promise<S.RequestIdOnlyResponse> {
    return this.#invoke(S.ModifyFlowLogAttribute, params, options);
  }

  /** ActiveFlowLog (Activating -> Active). */
  activeFlowLog(params: S.ActiveFlowLogRequest, options?: CallOptions): Promise<S.RequestIdOnlyResponse> {
    return this.#invoke(S.ActiveFlowLog, params, options);
  }

  /** DeactiveFlowLog (Deactivating -> Inactive). */
  deactiveFlowLog(params: S.DeactiveFlowLogRequest, options?: CallOptions): Promise<S.RequestIdOnlyResponse> {
    return this.#invoke(S.DeactiveFlowLog, params, options);
  }

  /** DeleteFlowLog (Deleting -> gone). */
  deleteFlowLog(params: S.DeleteFlowLogRequest, options?: CallOptions): Promise<S.RequestIdOnlyResponse> {
    return this.#invoke(S.DeleteFlowLog, params, options);
  }

  /** TagResources: `ResourceType` FLOWLOG, `ResourceId.N`, `Tag.N.Key` / `Tag.N.Value`. */
  tagResources(params: S.TagResourcesRequest, options?: CallOptions): Promise<S.RequestIdOnlyResponse> {
    return this.#invoke(S.TagResources, params, options);
  }

  /** UnTagResources: `TagKey.N` or `All`. */
  unTagResources(params: S.UnTagResourcesRequest, options?: CallOptions): Promise<S.RequestIdOnlyResponse> {
    return this.#invoke(S.UnTagResources, params, options);
  }

  /** ListTagResources: one page; follow `NextToken`. */
  listTagResources(params: S.ListTagResourcesRequest, options?: CallOptions): Promise<S.ListTagResourcesResponse> {
    return this.#invoke(S.ListTagResources, params, options);
  }

  /** MoveResourceGroup. */
  moveResourceGroup(params: S.MoveResourceGroupRequest, options?: CallOptions): Promise<S.RequestIdOnlyResponse> {
    return this.#invoke(S.MoveResourceGroup, params, options);
  }

  /** GetFlowLogServiceStatus: `Enabled` tells whether CreateFlowLog can work in the region. */
  getFlowLogServiceStatus(params: S.GetFlowLogServiceStatusRequest = {}, options?: CallOptions): Promise<S.GetFlowLogServiceStatusResponse> {
    return this.#invoke(S.GetFlowLogServiceStatus, params, options);
  }

  /** OpenFlowLogService (600 calls per 60 s). */
  openFlowLogService(params: S.OpenFlowLogServiceRequest = {}, options?: CallOptions): Promise<S.RequestIdOnlyResponse> {
    return this.#invoke(S.OpenFlowLogService, params, options);
  }

  /** Closes the client's keep-alive connections. Calls made afterwards fail. */
  async close(): Promise<void> {
    await this.#transport.close();
  }

  /** The shared limiter this client uses for an endpoint origin and AccessKeyId (inspection in tests). */
  rateLimiterFor(endpointOrigin: string, accessKeyId: string): RateLimiter | undefined {
    return this.#rateLimit === false ? undefined : sharedRateLimiter(endpointOrigin, accessKeyId, this.#rateLimit, this.#clock);
  }
}
