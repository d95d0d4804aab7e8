/**
 * A loopback HTTP proxy in front of the emulator: logs every service request (time, action, parameters) and lets a
 * test hold a request, or answer it itself in the service's error format, per region / action / parameter. The
 * client signs `host` and the proxy forwards the headers unchanged, so the emulator verifies the signature as sent.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";

export interface LoggedRequest {
  /** Date.now() when the proxy received it. */
  readonly at: number;
  readonly action: string;
  readonly params: Readonly<Record<string, string>>;
  /** Date.now() when the answer was sent back (undefined while held). */
  doneAt?: number;
  status?: number;
}

/** What the hook decides: forward (optionally after `delayMs`), or answer with a service error. */
export type Decision =
  | undefined
  | { readonly delayMs?: number; readonly hold?: Promise<void> }
  | { readonly error: { readonly code: string; readonly message: string; readonly httpStatus: number; readonly headers?: Record<string, string> } };

export interface Proxy {
  readonly url: string;
  readonly log: LoggedRequest[];
  hook: ((request: LoggedRequest) => Decision) | undefined;
  /** Requests of `action` (and, when given, of `regionId`). */
  of(action: string, regionId?: string): LoggedRequest[];
  close(): Promise<void>;
}

export async function startProxy(target: string): Promise<Proxy> {
  const targetUrl = new URL(target);
  const log: LoggedRequest[] = [];
  const releases = new Set<() => void>();
  const proxy: Proxy = {
    url: "",
    log,
    hook: undefined,
    of: (action, regionId) => log.filter((r) => r.action === action && (regionId === undefined || r.params.RegionId === regionId)),
    close: async () => {
      for (const release of releases) release();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      void (async () => {
        const body = Buffer.concat(chunks);
        const url = new URL(req.url ?? "/", "http://x");
        const params: Record<string, string> = {};
        for (const [k, v] of url.searchParams) params[k] = v;
        if (body.length > 0 && String(req.headers["content-type"] ?? "").includes("form")) {
          for (const [k, v] of new URLSearchParams(body.toString("utf8"))) params[k] = v;
        }
        const action = String(req.headers["x-acs-action"] ?? params.Action ?? "-");
        const entry: LoggedRequest = { at: Date.now(), action, params };
        if (!url.pathname.startsWith("/__emulator")) log.push(entry);
        const decision = proxy.hook?.(entry);
        if (decision && "error" in decision) {
          const e = decision.error;
          const answer = JSON.stringify({ RequestId: `proxy-${log.length}`, HostId: "vpc.aliyuncs.com", Code: e.code, Message: e.message, Recommend: "" });
          res.writeHead(e.httpStatus, { "content-type": "application/json;charset=utf-8", ...e.headers });
          res.end(answer);
          entry.doneAt = Date.now();
          entry.status = e.httpStatus;
          return;
        }
        if (decision?.delayMs) await new Promise((resolve) => setTimeout(resolve, decision.delayMs));
        if (decision?.hold) {
          await new Promise<void>((resolve) => {
            const release = (): void => {
              releases.delete(release);
              resolve();
            };
            releases.add(release);
            void decision.hold!.then(release);
          });
        }
        if (res.destroyed) return;
        const upstream = http.request(
          { host: targetUrl.hostname, port: targetUrl.port, method: req.method, path: req.url, headers: req.headers },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
            answer.on("end", () => {
              entry.doneAt = Date.now();
              entry.status = answer.statusCode;
            });
          },
        );
        upstream.on("error", () => res.destroy());
        upstream.end(body);
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  (proxy as { url: string }).url = `http://127.0.0.1:${port}`;
  return proxy;
}

/** Largest number of entries of `log` within any window of `windowMs` (by arrival time). */
export function maxInWindow(log: readonly LoggedRequest[], windowMs: number): number {
  const times = log.map((r) => r.at).sort((a, b) => a - b);
  let best = 0;
  let lo = 0;
  for (let hi = 0; hi < times.length; hi++) {
    while (times[hi]! - times[lo]! >= windowMs) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves once `predicate` holds (polling every 5 ms), or throws after `ms`. */
export async function until(predicate: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (predicate()) return;
    await sleep(5);
  }
  throw new Error(`condition not reached in ${ms} ms`);
}
