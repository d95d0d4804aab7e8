/**
 * A raw-TCP HTTP/1.1 server on 127.0.0.1, port 0, for the client tests: each request is handed to a behaviour that
 * writes whatever bytes it likes on the socket (or nothing), so headers-then-stall, close-after-headers, truncated and
 * close-delimited bodies, redirects and gzip can all be produced. It records requests and connections.
 */
import { createServer, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { VpcClient, type VpcClientOptions } from "../../../src/client/vpc-client";

export interface RawRequest {
  readonly n: number;
  readonly connection: number;
  readonly head: string;
  readonly action: string | undefined;
  readonly at: number;
}

/** Writes an answer on the socket; the request was fully read. Returning without writing leaves the request hanging. */
export type Behaviour = (req: RawRequest, socket: Socket) => void | Promise<void>;

export interface RawServer {
  readonly url: string;
  readonly requests: RawRequest[];
  connections: number;
  /** Sockets currently open. */
  readonly open: Set<Socket>;
  behaviour: Behaviour;
  close(): Promise<void>;
}

export const SECRET = "test-secret-DO-NOT-LEAK-0001";
export const KEY_ID = "test-key-id";

/** A complete JSON answer with Content-Length, keep-alive. */
export function json(socket: Socket, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  const extra = Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join("");
  socket.write(`HTTP/1.1 ${status} X\r\ncontent-type: application/json;charset=utf-8\r\ncontent-length: ${Buffer.byteLength(text)}\r\n${extra}\r\n${text}`);
}

export async function startRawServer(behaviour: Behaviour): Promise<RawServer> {
  const requests: RawRequest[] = [];
  const open = new Set<Socket>();
  let connectionCount = 0;
  const server: Server = createServer((socket) => {
    const connection = ++connectionCount;
    raw.connections = connectionCount;
    open.add(socket);
    socket.on("close", () => open.delete(socket));
    socket.on("error", () => undefined);
    let buffer = Buffer.alloc(0);
    socket.on("data", (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const end = buffer.indexOf("\r\n\r\n");
        if (end < 0) return;
        const head = buffer.subarray(0, end).toString("latin1");
        const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
        if (buffer.length < end + 4 + length) return;
        buffer = buffer.subarray(end + 4 + length);
        const action = /\r\nx-acs-action:\s*([^\r]+)/i.exec(head)?.[1];
        const req: RawRequest = { n: requests.length + 1, connection, head, action, at: performance.now() };
        requests.push(req);
        void Promise.resolve(raw.behaviour(req, socket)).catch(() => socket.destroy());
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.address() as AddressInfo).port;
  const raw: RawServer = {
    url: `http://127.0.0.1:${port}`,
    requests,
    connections: 0,
    open,
    behaviour,
    close: async () => {
      for (const s of open) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return raw;
}

/** A promise that settles, and how long it took. */
export async function timed<T>(promise: Promise<T>): Promise<{ value?: T; error?: unknown; ms: number }> {
  const began = performance.now();
  try {
    const value = await promise;
    return { value, ms: performance.now() - began };
  } catch (error) {
    return { error, ms: performance.now() - began };
  }
}

export const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Every own string property of an error, its message and stack, joined: what must never hold a secret. */
export function allText(e: unknown): string {
  if (typeof e !== "object" || e === null) return String(e);
  const parts: string[] = [];
  for (const key of Object.getOwnPropertyNames(e)) {
    const value = (e as Record<string, unknown>)[key];
    parts.push(typeof value === "string" ? value : JSON.stringify(value) ?? "");
  }
  parts.push(String((e as Error).stack));
  return parts.join("\n");
}

/**
 * The clients of one test file: test defaults (cn-hangzhou, KEY_ID / SECRET, no env, no credentials chain) under the
 * file's own (`fileDefaults`, read when a client is made: the server's URL is known only then), closed together.
 */
export class TestClients {
  private readonly made: VpcClient[] = [];

  constructor(private readonly fileDefaults: () => VpcClientOptions) {}

  make(options: VpcClientOptions = {}): VpcClient {
    const client = new VpcClient({
      regionId: "cn-hangzhou",
      credentials: { accessKeyId: KEY_ID, accessKeySecret: SECRET },
      env: {},
      credentialsChain: false,
      ...this.fileDefaults(),
      ...options,
    });
    this.made.push(client);
    return client;
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.made.splice(0).map((client) => client.close()));
  }
}
