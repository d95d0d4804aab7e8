import type { z } from "zod";
import { AlicloudApiError, AlicloudRequestError, AlicloudResponseError, type ResponseIssue } from "./errors";
import { redact } from "./redact";
import { isRetryableApiError, parseRetryAfter } from "./retry";
import type { ActionSpec } from "./schemas";
import { compileFastParse, FAST_PARSE_FAILED, type FastParse } from "./schemas/fast-parse";
import { normalizeLists } from "./schemas/lists";
import type { HttpResponse } from "./transport";

/** Longest piece of a non-JSON error body kept in a message. */
const MAX_SNIPPET = 200;

type Json = Record<string, unknown>;

/** Only white space (or nothing): stops at the first other character, so a JSON body is not copied as `trim()` would. */
const BLANK = /^\s*$/;

function parseJson(body: string): Json | undefined {
  if (BLANK.test(body)) return {};
  try {
    const value: unknown = JSON.parse(body);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
  } catch {
    return undefined;
  }
}

function str(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : typeof value === "number" ? String(value) : undefined;
}

/** A body that reports an error despite a 2xx status: `Code` present, no success flag, and not a success code. */
function reportsError(json: Json): boolean {
  const code = str(json.Code);
  if (!code || /^(200|ok|success)$/i.test(code)) return false;
  return json.Success !== true && String(json.Success).toLowerCase() !== "true";
}

/** Everything needed to read one answer. */
export interface ResponseContext {
  readonly action: string;
  /** Schema of the action's answer; unknown actions only need a JSON object. */
  readonly spec?: ActionSpec;
  /** Secrets of this attempt (AccessKeySecret, token, signature) to scrub from anything the server echoes. */
  readonly secrets: readonly (string | undefined)[];
  /** True when the action changes state: a 5xx not in the service's format is then ambiguous. */
  readonly write?: boolean;
  /** Attempts made, this one included (for the ambiguous error's message). @default 1 */
  readonly attempt?: number;
}

/**
 * Reads an answer: a 2xx JSON object that fits the action's schema is returned parsed (numbers coerced, unknown fields
 * kept). Follows the RPC error format `{RequestId, HostId, Code, Message, Recommend}` (api NOTES.md).
 * @throws AlicloudApiError for a non-2xx status or a 2xx body with `Code` and no success; its texts are redacted and
 *   `retryAfterMs` comes from `x-acs-retry-after` (seconds).
 * @throws AlicloudRequestError (reason `gateway`, `ambiguous`) for a write answered 5xx by something other than the service:
 *   a body without the service's `Code` (a proxy's or load balancer's page). The write may have landed behind it, and
 *   CreateFlowLog takes no ClientToken, so it is not retried blindly.
 * @throws AlicloudResponseError for a 2xx answer that is not a JSON object or does not fit the schema (`ambiguous` for a
 *   write: it was probably applied, and its answer does not say what it made; `retryable` for a read whose body is not JSON).
 */
export function interpretResponse(ctx: ResponseContext, res: HttpResponse): Json {
  const json = parseJson(res.body);
  const ok = res.status >= 200 && res.status < 300;
  if (!ok && ctx.write && res.status >= 500 && !hasServiceCode(json)) throw gatewayFailure(ctx, res);
  if (!ok || (json && reportsError(json))) throw apiError(ctx, res, json);
  // An empty 2xx answer to a read is as unreadable as a cut one (the service always sends its RequestId at least).
  const emptyRead = ctx.write !== true && BLANK.test(res.body);
  if (!json || emptyRead) {
    // Cut short or replaced on the way (a proxy's page): a read is asked again, a write is looked at by the caller.
    const write = ctx.write === true;
    const message = emptyRead ? "the body is empty" : "the body is not a JSON object";
    throw new AlicloudResponseError({ action: ctx.action, httpStatus: res.status, issues: [{ path: "", message }], ambiguous: write, retryable: !write });
  }
  const spec = ctx.spec;
  if (!spec) return json;
  const fast = fastParseOf(spec.response);
  if (fast) {
    // `json` is this call's own: the fast pass may coerce it in place.
    const value = fast(spec.lists ? normalizeLists(json, spec.lists) : json);
    if (value !== FAST_PARSE_FAILED) return value as Json;
  }
  // zod itself, for its issues (or for a schema the fast pass does not know), on a fresh copy of the answer.
  const original = fast ? (parseJson(res.body) as Json) : json;
  const parsed = spec.response.safeParse(spec.lists ? normalizeLists(original, spec.lists) : original);
  if (parsed.success) return parsed.data as Json;
  const requestId = str(original.RequestId);
  throw new AlicloudResponseError({
    action: ctx.action,
    httpStatus: res.status,
    ...(requestId === undefined ? {} : { requestId: redact(requestId, ctx.secrets) }),
    issues: issuesOf(parsed.error),
    ambiguous: ctx.write === true,
  });
}

/** Compiled fast passes by schema (`null`: the schema has a kind the fast pass does not know). */
const fastParses = new WeakMap<z.ZodType, FastParse | null>();

function fastParseOf(schema: z.ZodType): FastParse | undefined {
  let fast = fastParses.get(schema);
  if (fast === undefined) {
    fast = compileFastParse(schema) ?? null;
    fastParses.set(schema, fast);
  }
  return fast ?? undefined;
}

function apiError(ctx: ResponseContext, res: HttpResponse, json: Json | undefined): AlicloudApiError {
  const clean = (text: string | undefined): string | undefined => (text === undefined ? undefined : redact(text, ctx.secrets));
  const code = clean(str(json?.Code)) ?? `Http${res.status}`;
  const fallback = json ? `HTTP ${res.status}` : `HTTP ${res.status}: ${snippet(ctx, res.body)}`;
  const retryAfterMs = parseRetryAfter(res.headers["x-acs-retry-after"] ?? res.headers["retry-after"]);
  return new AlicloudApiError({
    action: ctx.action,
    code,
    apiMessage: clean(str(json?.Message) ?? fallback) ?? fallback,
    requestId: clean(str(json?.RequestId)),
    hostId: clean(str(json?.HostId)),
    recommend: clean(str(json?.Recommend)),
    httpStatus: res.status,
    retryable: isRetryableApiError(code, res.status),
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  });
}

/** The service's error codes are non-empty strings (`InternalError`); a proxy's JSON may carry none, or a number. */
function hasServiceCode(json: Json | undefined): boolean {
  return typeof json?.Code === "string" && json.Code !== "";
}

/** A write's 5xx from a proxy or load balancer: no answer from the service, and the write may have landed. */
function gatewayFailure(ctx: ResponseContext, res: HttpResponse): AlicloudRequestError {
  return new AlicloudRequestError({
    action: ctx.action,
    reason: "gateway",
    ambiguous: true,
    retryable: false,
    detail: `HTTP ${res.status} not in the service's error format (a proxy or load balancer answered): ${snippet(ctx, res.body)}`,
    attempts: ctx.attempt ?? 1,
  });
}

/** The start of a non-JSON body, redacted first (a cut could split a secret so that redact no longer finds it). */
function snippet(ctx: ResponseContext, body: string): string {
  return redact(body, ctx.secrets).slice(0, MAX_SNIPPET).trim() || "(empty body)";
}

function issuesOf(error: z.ZodError): ResponseIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message }));
}
