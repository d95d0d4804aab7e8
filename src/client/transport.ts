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

/** One request on the wire. Header names are lower-case. */
export interface HttpRequest {
  /** `scheme://host[:port]`. */
  readonly origin: string;
  /** Path and query, e.g. `/?RegionId=cn-hangzhou`. */
  readonly path: string;
  readonly method: "GET" | "POST";
  /** A name -> value map, or a flat `[name, value, name, value, ...]` array (what undici takes with the least work). */
  readonly headers: Readonly<Record<string, string>> | readonly string[];
  readonly body?: string;
  readonly signal?: AbortSignal;
}

/** An answer, any status. Header names lower-case; repeated headers joined with `, `. */
export interface HttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * A listener of a {@link CancelSignal}: a function, or an object whose `handleEvent()` is called (as EventTarget allows),
 * which lets a per-request object listen without a closure of its own (see ResponseCollector).
 */
export type CancelListener = (() => void) | { handleEvent(): void };

/**
 * What can cancel a send: an AbortSignal, or a lighter object with the same members (the client's per-call scope, which
 * spares an AbortController per call). Listeners are called once, with no argument.
 */
export interface CancelSignal {
  readonly aborted: boolean;
  readonly reason: unknown;
  addEventListener(type: "abort", listener: CancelListener, options?: { once?: boolean }): void;
  removeEventListener(type: "abort", listener: CancelListener): void;
}

/**
 * What {@link Transport.send} rejects with when its signal fired before undici began writing the request (undici calls
 * `onRequestStart` right before it writes, client-h1.js `writeH1`): nothing of the request left, so even a write is
 * surely not applied. One shared object, like the client's own stop reason.
 */
export const CANCELLED_UNSENT: Error = new Error("cancelled before the request was written");

/** Extra undici Agent options for tests (e.g. a custom `connect`); TLS verification cannot be turned off through it. */
export type AgentExtras = Pick<Agent.Options, "connect" | "keepAliveTimeout" | "connections">;

/**
 * The undici Agent options of a {@link Transport}: keep-alive 4 s, no connection cap, the given timeouts, responses up to
 * 16 MiB, TLS verification forced on. Exported so bench/client.ts can drive bare undici with exactly the same pool.
 */
export function transportAgentOptions(timeouts: TransportTimeouts = DEFAULT_TIMEOUTS, extras: AgentExtras = {}): Agent.Options {
  const connect = typeof extras.connect === "function" ? extras.connect : { ...extras.connect, timeout: timeouts.connectMs, rejectUnauthorized: true };
  return {
    keepAliveTimeout: extras.keepAliveTimeout ?? 4_000,
    connections: extras.connections ?? null,
    headersTimeout: timeouts.headersMs,
    bodyTimeout: timeouts.bodyMs,
    maxResponseSize: MAX_RESPONSE_BYTES,
    connect,
  };
}

/**
 * HTTP over one undici Agent: keep-alive connections reused across calls, connect/headers/body timeouts.
 * TLS certificates are always verified (`rejectUnauthorized` is forced on).
 */
export class Transport {
  private readonly agent: Agent;

  constructor(timeouts: TransportTimeouts = DEFAULT_TIMEOUTS, extras: AgentExtras = {}) {
    this.agent = new Agent(transportAgentOptions(timeouts, extras));
  }

  /**
   * Sends one request and reads the whole answer. `signal` (default `request.signal`) cancels it; `onWrite` is called
   * once undici begins writing the request (after any wait for a connection), not at all when it never does.
   * @throws the underlying error (undici's, the signal's reason once the request began, or {@link CANCELLED_UNSENT}
   *   before); classify it with {@link describeTransportError}.
   */
  send(request: HttpRequest, signal: CancelSignal | undefined = request.signal, onWrite?: () => void): Promise<HttpResponse> {
    return new Promise<HttpResponse>((resolve, reject) => {
      if (signal?.aborted) {
        reject(CANCELLED_UNSENT);
        return;
      }
      const handler = new ResponseCollector(resolve, reject, signal, onWrite);
      // undici reads the headers without changing them; its type only lacks `readonly`.
      const headers = request.headers as Dispatcher.DispatchOptions["headers"];
      this.agent.dispatch({ origin: request.origin, path: request.path, method: request.method, headers, body: request.body ?? null }, handler);
    });
  }

  /** Closes the pooled connections; later sends fail. */
  async close(): Promise<void> {
    await this.agent.close();
  }
}

/** The options of every collector's `addEventListener`: one object, not one per request. */
const ONCE = { once: true } as const;

/**
 * Collects one answer straight from undici's dispatch callbacks into a string. This is the work `agent.request()` does,
 * without the parts the client does not use: a Readable body stream, an AsyncResource, a queued-abort hook and
 * `events.addAbortListener` per request (together a visible share of each call's CPU; see bench/client.ts).
 *
 * Cancellation: when the signal aborts before undici starts the request (it may wait for a connection), the promise
 * rejects at once with {@link CANCELLED_UNSENT} and the request is aborted by `onRequestStart` before anything is
 * written; once started, the abort goes through undici's controller, which destroys the socket.
 *
 * The collector listens to the signal itself (`handleEvent`), not through an arrow function made per request: with such a
 * closure, V8 kept every request's objects alive through the next young-generation collections and promoted them (about
 * 1 MB per scavenge, 2 KB a call: `--trace-gc-nvp`), which raised the client's peak RSS from about 110 to 170 MiB and its
 * GC work in bench/client.ts; without it, some 25 KB a scavenge. (That is the client's path, a CallScope; on a real
 * AbortSignal, Node wraps a listener object in a function of its own. An earlier abort listener on that AbortSignal that
 * calls `stopImmediatePropagation()` keeps the collector from hearing the abort: the client never gives one to undici.)
 */
class ResponseCollector implements Dispatcher.DispatchHandler {
  private controller: Dispatcher.DispatchController | undefined;
  private status = 0;
  private headers: Dispatcher.ResponseData["headers"] = {};
  private readonly chunks: Buffer[] = [];
  private settled = false;
  /** True once undici is about to write the request: from then on a write may reach the server. */
  private started = false;

  constructor(
    private readonly resolve: (response: HttpResponse) => void,
    private readonly reject: (reason: unknown) => void,
    private readonly signal: CancelSignal | undefined,
    private readonly onWrite: (() => void) | undefined,
  ) {
    signal?.addEventListener("abort", this, ONCE);
  }

  /** The signal aborted: stop the request (undici destroys the socket once it started) and reject. */
  handleEvent(): void {
    const reason = this.signal?.reason;
    // Settled first: undici reports a falsy reason as its own RequestAbortedError.
    this.fail(this.started ? reason : CANCELLED_UNSENT);
    this.controller?.abort(reason as Error);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.signal?.aborted) controller.abort(this.signal.reason as Error);
    else {
      this.started = true;
      this.onWrite?.();
    }
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, headers: Dispatcher.ResponseData["headers"]): void {
    // 1xx answers (100-continue) come before the real one: keep only the last status and headers.
    this.status = statusCode;
    this.headers = headers;
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.chunks.push(chunk);
  }

  onResponseEnd(): void {
    if (this.settled) return;
    this.settled = true;
    this.detach();
    const body = this.chunks.length === 1 ? this.chunks[0]!.toString("utf8") : Buffer.concat(this.chunks).toString("utf8");
    this.resolve(new CollectedResponse(this.status, this.headers, body));
  }

  onResponseError(_controller: Dispatcher.DispatchController | null, error: Error): void {
    this.fail(error);
  }

  private fail(reason: unknown): void {
    if (this.settled) return;
    this.settled = true;
    this.detach();
    this.reject(reason);
  }

  private detach(): void {
    this.signal?.removeEventListener("abort", this);
  }
}

/** An answer whose headers are flattened only when read: the client reads them only for an error answer. */
class CollectedResponse implements HttpResponse {
  #flat: Record<string, string> | undefined;

  constructor(
    readonly status: number,
    private readonly raw: Dispatcher.ResponseData["headers"],
    readonly body: string,
  ) {}

  get headers(): Readonly<Record<string, string>> {
    return (this.#flat ??= flattenHeaders(this.raw));
  }
}

function flattenHeaders(headers: Dispatcher.ResponseData["headers"]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

/** What the client needs to know of a failed send. */
export interface TransportFailure {
  readonly reason: "network" | "timeout";
  /** False only when the request surely never left: the connection was never made. */
  readonly sent: boolean;
  /** True when retrying cannot help (TLS certificate refused, TLS to a plain-HTTP server, invalid request, closed client, an answer over 16 MiB). */
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
/**
 * TLS spoken to a server that answers in plain HTTP (an `http://` emulator given as a bare host, which means https): the
 * handshake fails before any of the request is written, and every retry would fail the same way.
 */
const PLAIN_HTTP_CODES = new Set(["ERR_SSL_WRONG_VERSION_NUMBER", "ERR_SSL_PACKET_LENGTH_TOO_LONG", "ERR_SSL_HTTP_REQUEST"]);
/** undici refusing the request itself: nothing sent, retrying will not help. */
const LOCAL_CODES = new Set(["UND_ERR_INVALID_ARG", "UND_ERR_NOT_SUPPORTED", "UND_ERR_DESTROYED", "UND_ERR_CLOSED"]);
const TIMEOUT_CODES = new Set(["UND_ERR_CONNECT_TIMEOUT", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT"]);
/** The server answered, more than MAX_RESPONSE_BYTES: it would answer the same again, so no retry (a write is still ambiguous). */
const ANSWERED_CODES = new Set(["UND_ERR_RES_EXCEEDED_MAX_SIZE"]);

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
  const hint = code && PLAIN_HTTP_CODES.has(code) ? " (the server does not speak TLS: an emulator's endpoint needs http://)" : "";
  const cause: SanitizedCause = {
    name: e instanceof Error ? e.name : "Error",
    ...(code ? { code } : {}),
    message: message.slice(0, 300) + hint,
  };
  const reason = code && TIMEOUT_CODES.has(code) ? "timeout" : "network";
  if (code && (TLS_CODES.has(code) || PLAIN_HTTP_CODES.has(code) || LOCAL_CODES.has(code))) return { reason, sent: false, permanent: true, cause };
  if (code && ANSWERED_CODES.has(code)) return { reason, sent: true, permanent: true, cause };
  if (code && CONNECT_CODES.has(code)) return { reason, sent: false, permanent: false, cause };
  return { reason, sent: true, permanent: false, cause };
}
