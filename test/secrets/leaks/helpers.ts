// Shared helpers of the leak tests. A tiny node:http server on 127.0.0.1 whose answers are written by a behaviour that sees
// the whole request (headers, query, body), and the search for every spelling of a secret in everything produced.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { inspect } from "node:util";
import { percentEncode } from "../../../src/client/signing";

export interface SeenRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage["headers"];
  readonly body: string;
  readonly action: string | undefined;
}

export type Answer = (req: SeenRequest, res: ServerResponse) => void;

export interface EchoServer {
  readonly url: string;
  readonly seen: SeenRequest[];
  answer: Answer;
  close(): Promise<void>;
}

export async function startEchoServer(answer: Answer): Promise<EchoServer> {
  const seen: SeenRequest[] = [];
  const state = { answer };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const form = new URLSearchParams(body);
      const query = new URL(req.url ?? "/", "http://x").searchParams;
      const action = (req.headers["x-acs-action"] as string | undefined) ?? form.get("Action") ?? query.get("Action") ?? undefined;
      const r: SeenRequest = { method: req.method ?? "GET", url: req.url ?? "/", headers: req.headers, body, action };
      seen.push(r);
      state.answer(r, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    get answer() {
      return state.answer;
    },
    set answer(a: Answer) {
      state.answer = a;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Every spelling the client's own redact() knows (raw, RFC 3986 once and twice, encodeURIComponent). */
export function knownSpellings(value: string): string[] {
  return [...new Set([value, percentEncode(value), percentEncode(percentEncode(value)), encodeURIComponent(value)])];
}

/**
 * JSON-escaped spellings a server's JSON encoder may produce for a value holding `+ /`: PHP's json_encode (`/` as `\/`)
 * and .NET System.Text.Json's default encoder (`+` as `\u002B`; lower-case hex from other encoders).
 */
export function jsonEscapedSpellings(value: string): string[] {
  return [
    value.replaceAll("/", "\\/"),
    value.replaceAll("+", "\\u002B"),
    value.replaceAll("+", "\\u002b"),
  ].filter((s) => s !== value);
}

/** Everything an error can show: message, stack, JSON, util.inspect (hidden fields too), String(). */
export function errorTexts(e: unknown): string[] {
  if (!(e instanceof Error)) return [String(e)];
  return [e.message, String(e.stack), JSON.stringify(e), inspect(e, { showHidden: true, depth: null }), String(e)];
}

/** The spellings of `secrets` found in `texts` (first 12 characters of each, for the failure message). */
export function leaks(texts: readonly string[], secrets: readonly string[]): string[] {
  const found = new Set<string>();
  for (const s of secrets) for (const t of texts) if (t.includes(s)) found.add(s);
  return [...found];
}
