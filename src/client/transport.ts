import { Agent, type Dispatcher } from "undici";
import type { SanitizedCause } from "./errors";

/** Per-request time limits, milliseconds. */
export interface TransportTimeouts {
  /** TCP and TLS connection set-up. @default 10000 */
  readonly connectMs: number;
  /** From the request being sent to the response headers. @default 30000 */
  readonly headersMs: number;
  /** Longest silence while the response body arrives. @default 30000 */
  readonly bodyMs: number;
}

/** Defaults: 10 s to connect, 30 s for the headers, 30 s of body silence. */
export const DEFAULT_TIMEOUTS: TransportTimeouts = { connectMs: 10_000, headersMs: 30_000, bodyMs: 30_000 };

/** Largest response body accepted: a DescribeFlowLogs page of 50 is a few tens of KB. */
const MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

/** One request on the wire. Headers are lower-case. */
export interface HttpRequest {
  /** `scheme://host[:port]`. */
  readonly origin: string;
  /** Path and query, e.g. `/?RegionId=cn-hangzhou`. */
  readonly path: string;
  readonly method: "GET" | "POST";
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly signal?: AbortSignal;
}

/** An answer, any status. Header names lower-case; repeated headers joined with `, `. */
export interface HttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** Extra undici Agent options for tests (e.g. a custom `connect`); TLS verification cannot be turned off through it. */
export type AgentExtras = Pick<Agent.Options, "connect" | "keepAliveTimeout" | "connections">;

/**
 * HTTP over one undici Agent: keep-alive connections reused across calls, connect/headers/body timeouts.
 * TLS certificates are always verified (`rejectUnauthorized` is forced on).
 */
export class Transport {
  private readonly agent: Agent;

  constructor(timeouts: TransportTimeouts = DEFAULT_TIMEOUTS, extras: AgentExtras = {}) {
    const connect = typeof extras.connect === "function" ? extras.connect : { ...extras.connect, timeout: timeouts.connectMs, rejectUnauthorized: true };
    this.agent = new Agent({
      keepAliveTimeout: extras.keepAliveTimeout ?? 4_000,
      connections: extras.connections ?? null,
      headersTimeout: timeouts.headersMs,
      bodyTimeout: timeouts.bodyMs,
      maxResponseSize: MAX_RESPONSE_BYTES,
      connect,
    });
  }

  /**
   * Sends one request and reads the whole answer.
   * @throws the underlying error (undici's, or the signal's reason); classify it with {@link describeTransportError}.
   */
  async send(request: HttpRequest): Promise<HttpResponse> {
    const res = await this.agent.request({
      origin: request.origin,
      path: request.path,
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal: request.signal,
    });
    const body = await res.body.text();
    return { status: res.statusCode, headers: flattenHeaders(res.headers), body };
  }

  /** Closes the pooled connections; later sends fail. */
  async close(): Promise<void> {
    await this.agent.close();
  }
}

function flattenHeaders(headers: Dispatcher.ResponseData["headers"]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

/** What the client needs to know of a failed send. */
export interface TransportFailure {
  readonly reason: "network" | "timeout";
  /** False only when the request surely never left: the connection was never made. */
  readonly sent: boolean;
  /** True when retrying cannot help (TLS certificate refused, invalid request, closed client). */
  readonly permanent: boolean;
  readonly cause: SanitizedCause;
}

/** Failures while connecting: nothing of the request was written (Node `net` / `dns` codes, undici connect timeout). */
const CONNECT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EAI_NONAME", "ENETUNREACH", "EHOSTUNREACH", "EADDRNOTAVAIL", "UND_ERR_CONNECT_TIMEOUT"]);
/** TLS verification failures (OpenSSL codes as Node reports them): permanent, and before sending. */
const TLS_CODES = new Set([
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);
/** undici refusing the request itself: nothing sent, retrying will not help. */
const LOCAL_CODES = new Set(["UND_ERR_INVALID_ARG", "UND_ERR_NOT_SUPPORTED", "UND_ERR_DESTROYED", "UND_ERR_CLOSED"]);
const TIMEOUT_CODES = new Set(["UND_ERR_CONNECT_TIMEOUT", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT"]);

function errorCode(e: unknown): string | undefined {
  if (typeof e !== "object" || e === null) return undefined;
  const code = (e as { code?: unknown }).code;
  if (typeof code === "string") return code;
  // Happy-eyeballs connects (autoSelectFamily) fail with an AggregateError of the per-address errors.
  const inner = (e as { errors?: unknown }).errors;
  return Array.isArray(inner) ? errorCode(inner[0]) : undefined;
}

/**
 * Classifies a failed send. Keeps only the error's name, code and message: undici errors may hold the socket, and request
 * options hold the signed headers, so neither may travel in an error.
 */
export function describeTransportError(e: unknown): TransportFailure {
  const code = errorCode(e);
  const message = e instanceof Error ? e.message : String(e);
  const cause: SanitizedCause = {
    name: e instanceof Error ? e.name : "Error",
    ...(code ? { code } : {}),
    message: message.slice(0, 300),
  };
  const reason = code && TIMEOUT_CODES.has(code) ? "timeout" : "network";
  if (code && (TLS_CODES.has(code) || LOCAL_CODES.has(code))) return { reason, sent: false, permanent: true, cause };
  if (code && CONNECT_CODES.has(code)) return { reason, sent: false, permanent: false, cause };
  return { reason, sent: true, permanent: false, cause };
}
