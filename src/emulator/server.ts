/**
 * The emulator's HTTP server (node:http): routes `/__emulator/*` to the control API and everything else through the
 * gateway (parse, target check, signature, faults) to the handlers. It never crashes on bad input: garbage on the socket,
 * oversized bodies, unknown actions, broken signatures and exceptions in handlers all get an error answer
 * (an exception is a 500 InternalError), and the server keeps serving. An oversized body is answered as soon as it is
 * declared (Content-Length) or passes the limit (chunked), without waiting for the rest, and its connection is closed.
 * Connections are kept alive between requests. Once the gate closes (stop()), a request still held by a latency fault
 * ends without reaching the model; stop() closes its connection, so its client sees a reset, as in a real outage.
 * Log lines pass every client-supplied value (method, path, action) and error messages through logSafe: one request is
 * one line of printable ASCII.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { controlBodyTooLarge, handleControl, isControlPath, type ControlTarget, type RequestStats } from "./control";
import type { FaultInjector } from "./faults";
import type { RequestGate } from "./request-gate";
import { describeError, logSafe } from "./log-text";
import type { Clock } from "./model";
import { ServiceError } from "./model";
import {
  authenticate,
  checkTarget,
  clientRecord,
  errorAnswer,
  KeyRing,
  NonceCache,
  originForm,
  parseRequest,
  ProtocolError,
  protocolErrors,
  successAnswer,
  type ParsedRequest,
  type WireAnswer,
} from "./protocol";

/** Largest request body accepted, in bytes (1 MiB); larger ones get 400 InvalidParameter. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Everything the server needs; the running emulator (index.ts) wires it. */
export interface EmulatorServerDeps {
  readonly keys: KeyRing;
  readonly nonces: NonceCache;
  readonly faults: FaultInjector;
  /** Closed by stop(): ends latency waits and keeps every later request from committing. */
  readonly gate: RequestGate;
  readonly stats: RequestStats;
  /** Server time for timestamps and nonces (`now()`, ms). */
  readonly clock: Pick<Clock, "now">;
  /** The action names the service knows (handlers' ACTIONS). */
  readonly actions: readonly string[];
  /** Runs an action on the model. @throws ServiceError for the service's own error answers */
  readonly dispatch: (action: string, params: Record<string, string>) => Record<string, unknown>;
  /** Called after an action ran without error (before its answer is sent): persistence hooks in here. */
  readonly onCommitted: (action: string) => void;
  readonly control: ControlTarget;
  /** Receives internal errors, and one line per request (printable ASCII, client values escaped and capped) unless `requestLogger` is given. */
  readonly logger: (line: string) => void;
  /** Receives the request lines instead of `logger` (the CLI's --quiet drops them, keeping internal errors). */
  readonly requestLogger?: (line: string) => void;
  /** `HostId` of error answers. */
  readonly hostId: string;
  /** A RequestId: an upper-case UUID. */
  readonly newRequestId: () => string;
  readonly maxBodyBytes?: number;
}

/** Protocol parameters that are not the action's own: they are not passed to the handlers. */
const COMMON_PARAMS = [
  "Action",
  "Version",
  "Format",
  "AccessKeyId",
  "SecurityToken",
  "Signature",
  "SignatureMethod",
  "SignatureVersion",
  "SignatureNonce",
  "SignatureType",
  "Timestamp",
];

/**
 * Room for the request line and headers. A V3 request carries every parameter in its URL: the largest valid CreateFlowLog
 * (20 tags of 128 CJK characters each, a 256-character description, each character 9 bytes percent-encoded) takes about
 * 60 KB, over node:http's default of 16 KB. The service's own limit is not documented; the official SDK sends the same URL.
 */
const MAX_HEADER_BYTES = 128 * 1024;

/** Creates the server (not yet listening). */
export function createEmulatorServer(deps: EmulatorServerDeps): Server {
  const server = createServer({ keepAlive: true, maxHeaderSize: MAX_HEADER_BYTES }, (req, res) => {
    track(req, res);
    serve(req, res, deps).catch((error: unknown) => lastResort(res, deps, error));
  });
  server.keepAliveTimeout = 5_000;
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Socket) => answerClientError(error, socket));
  return server;
}

/** Starts listening; resolves with the address actually bound (port 0 = a free port). */
export function listen(server: Server, host: string, port: number): Promise<{ host: string; port: number }> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      const address = server.address() as AddressInfo;
      resolve({ host, port: address.port });
    });
  });
}

/** Stops accepting connections and closes the open ones (idle keep-alive ones included). */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

async function serve(req: IncomingMessage, res: ServerResponse, deps: EmulatorServerDeps): Promise<void> {
  const started = Date.now();
  const logRequest = deps.requestLogger ?? deps.logger;
  const body = await readBody(req, deps.maxBodyBytes ?? MAX_BODY_BYTES);
  // The client went away mid-body: there is nobody to answer, and nothing half-read is handled.
  if (body.aborted) return;
  const pathname = pathOf(req.url ?? "/");
  if (isControlPath(pathname)) {
    const answer = body.tooLarge ? controlBodyTooLarge() : handleControl(req.method ?? "GET", pathname, body.data, deps.control);
    write(res, answer, body.tooLarge);
    logRequest(`${logSafe(req.method ?? "-", 16)} ${logSafe(pathname, 128)} ${answer.status} ${Date.now() - started}ms`);
    return;
  }
  const requestId = deps.newRequestId();
  const outcome = await serveService(req, body, deps, requestId);
  if (req.socket.destroyed) {
    // stop() closed the connection while the request was held (latency fault): the client saw a reset, not an answer.
    logRequest(`${logSafe(req.method ?? "-", 16)} ${logSafe(outcome.action ?? "-")} connection closed before the answer (emulator stopping) ${requestId}`);
    return;
  }
  if (outcome.kind === "reset") {
    req.socket.destroy();
    logRequest(`${logSafe(req.method ?? "-", 16)} ${logSafe(outcome.action)} connection reset (${outcome.when}) ${requestId}`);
    return;
  }
  write(res, outcome.answer, body.tooLarge, requestId);
  const code = outcome.answer.status === 200 ? "" : ` ${outcome.code}`;
  logRequest(`${logSafe(req.method ?? "-", 16)} ${logSafe(outcome.action ?? "-")} ${outcome.answer.status}${code} ${Date.now() - started}ms ${requestId}`);
}

/** The path of a request target, in origin or absolute form (protocol originForm). */
function pathOf(target: string): string {
  return originForm(target).split("?")[0]!;
}

type ServiceOutcome =
  | { kind: "answer"; answer: WireAnswer; action: string | undefined; code?: string }
  | { kind: "reset"; action: string; when: "before" | "after" };

/** The gateway path of one service request: everything a real client's call goes through. */
async function serveService(
  req: IncomingMessage,
  body: ReadBody,
  deps: EmulatorServerDeps,
  requestId: string,
): Promise<ServiceOutcome> {
  let action: string | undefined;
  try {
    if (body.tooLarge) {
      deps.stats.record(undefined);
      throw protocolErrors.bodyTooLarge(deps.maxBodyBytes ?? MAX_BODY_BYTES);
    }
    const request = parseRequest({ method: req.method ?? "GET", url: req.url ?? "/", headers: req.headers, body: body.data });
    deps.stats.record(request.action);
    action = request.action;
    const target = checkTarget(request, deps.actions);
    authenticate(request, { keys: deps.keys, nonces: deps.nonces, nowMs: deps.clock.now() });
    const plan = deps.faults.plan(target.action);
    if (!(await passGate(deps.gate, plan.latencyMs))) throw protocolErrors.serviceUnavailable();
    if (plan.outcome === "reset-before") return { kind: "reset", action: target.action, when: "before" };
    if (plan.outcome === "answer" && plan.error) throw plan.error;
    const result = deps.dispatch(target.action, actionParams(request));
    deps.onCommitted(target.action);
    if (plan.outcome === "reset-after") return { kind: "reset", action: target.action, when: "after" };
    return { kind: "answer", answer: successAnswer(result, requestId), action };
  } catch (error) {
    const wire = toWireError(error, deps);
    return { kind: "answer", answer: errorAnswer(wire, requestId, deps.hostId), action, code: wire.code };
  }
}

/** Waits out a latency fault; false when the emulator stopped before or meanwhile (nothing may commit then). */
async function passGate(gate: RequestGate, latencyMs: number): Promise<boolean> {
  return latencyMs > 0 ? gate.wait(latencyMs) : gate.open;
}

function actionParams(request: ParsedRequest): Record<string, string> {
  const params = Object.assign(clientRecord(), request.params);
  for (const name of COMMON_PARAMS) delete params[name];
  return params;
}

function toWireError(error: unknown, deps: EmulatorServerDeps): { code: string; message: string; httpStatus: number; headers?: Record<string, string> } {
  if (ProtocolError.isInstance(error)) return { code: error.code, message: error.message, httpStatus: error.httpStatus, headers: { ...error.headers } };
  if (ServiceError.isInstance(error)) return { code: error.code, message: error.message, httpStatus: error.httpStatus };
  deps.logger(`internal error: ${describeError(error)}`);
  const internal = protocolErrors.internalError();
  return { code: internal.code, message: internal.message, httpStatus: internal.httpStatus };
}

/** The body as read: `tooLarge` past the limit (nothing kept), `aborted` when the client went away mid-body. */
interface ReadBody {
  readonly data: Buffer;
  readonly tooLarge: boolean;
  readonly aborted: boolean;
}

const TOO_LARGE: ReadBody = { data: Buffer.alloc(0), tooLarge: true, aborted: false };
const ABORTED: ReadBody = { data: Buffer.alloc(0), tooLarge: false, aborted: true };

/**
 * Reads the body up to `limit` bytes. A body declared larger (Content-Length) settles as `tooLarge` before any of it is
 * read, and a chunked one as soon as it passes the limit: waiting for the rest would let a client that stops sending
 * hold the answer forever. The answer then carries `connection: close`, so node discards what follows and closes.
 */
function readBody(req: IncomingMessage, limit: number): Promise<ReadBody> {
  if (Number(req.headers["content-length"] ?? 0) > limit) return Promise.resolve(TOO_LARGE);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else {
        chunks.length = 0;
        resolve(TOO_LARGE); // later chunks and "end" find the promise settled
      }
    });
    req.on("end", () => resolve({ data: Buffer.concat(chunks), tooLarge: false, aborted: false }));
    req.on("error", () => resolve(ABORTED));
  });
}

/** Writes an answer; `requestId` is repeated in `x-acs-request-id` as the service does. */
function write(res: ServerResponse, answer: WireAnswer, close: boolean, requestId?: string): void {
  if (res.destroyed || res.writableEnded) return;
  const headers: Record<string, string> = { ...answer.headers, "content-length": String(Buffer.byteLength(answer.body)) };
  if (requestId !== undefined) headers["x-acs-request-id"] = requestId;
  if (close) headers.connection = "close";
  res.writeHead(answer.status, headers);
  res.end(answer.body);
}

/** A bug in the emulator itself: answer 500 if still possible, never let it reach the process. */
function lastResort(res: ServerResponse, deps: EmulatorServerDeps, error: unknown): void {
  deps.logger(`internal error: ${describeError(error)}`);
  try {
    const requestId = deps.newRequestId();
    if (!res.headersSent) write(res, errorAnswer(protocolErrors.internalError(), requestId, deps.hostId), true, requestId);
    else res.destroy();
  } catch {
    res.destroy();
  }
}

/** Requests of each connection not answered yet: pipelined ones are answered in order, after the one in flight. */
const unanswered = new WeakMap<Socket, Set<IncomingMessage>>();
/** The 400 for bytes that followed those requests on their connection: written once the last of them is answered. */
const deferredErrors = new WeakMap<Socket, string>();

function track(req: IncomingMessage, res: ServerResponse): void {
  const socket = req.socket;
  const open = unanswered.get(socket) ?? new Set<IncomingMessage>();
  unanswered.set(socket, open);
  open.add(req);
  const flush = (): void => {
    const answer = deferredErrors.get(socket);
    if (answer === undefined || open.size > 0) return;
    deferredErrors.delete(socket);
    if (socket.writable) socket.end(answer);
    else socket.destroy();
  };
  const done = (): void => {
    open.delete(req);
    // After node has handed the connection to the next queued answer and written it (its own "finish" listener).
    if (deferredErrors.has(socket) && open.size === 0) setImmediate(flush);
  };
  res.once("finish", done);
  res.once("close", done);
}

/**
 * Bytes that are not HTTP: answer 400 and close, as node's default does, without an unhandled error. When requests
 * parsed before them on the same connection are still being answered (pipelining), their answers go first (RFC 9112
 * 9.3.2): a write they committed must not be reported to their client as this 400. A request whose own body was cut
 * short is not being answered: the error is its own, and the connection ends at once.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === "ECONNRESET" || !socket.writable) {
    socket.destroy();
    return;
  }
  const status = error.code === "HPE_HEADER_OVERFLOW" ? "431 Request Header Fields Too Large" : "400 Bad Request";
  const answer = `HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`;
  const open = [...(unanswered.get(socket) ?? [])];
  if (open.length > 0 && open.every((req) => req.complete)) {
    deferredErrors.set(socket, answer);
    return;
  }
  socket.end(answer);
}
