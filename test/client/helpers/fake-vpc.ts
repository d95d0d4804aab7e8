import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { parseAuthorizationV3, sha256Hex, signV2, signV3 } from "../../../src/client/signing";

/** A request as the fake server saw it, with its signature checked by the signing functions. */
export interface Recorded {
  readonly n: number;
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** Query and form body together, decoded. */
  readonly params: Record<string, string>;
  readonly signature: "v3" | "v2" | "none";
  readonly signatureValid: boolean;
  /** V3 x-acs-action, or V2 Action. */
  readonly action: string | undefined;
  readonly nonce: string | undefined;
}

/** What the script answers. `reset` destroys the socket after reading the request (the server got it, the client gets no answer). */
export type Reply = { status?: number; json?: unknown; body?: string; headers?: Record<string, string> } | { reset: true } | { hang: true };

export type Script = (req: Recorded) => Reply | Promise<Reply>;

export interface FakeVpc {
  readonly url: string;
  readonly port: number;
  readonly requests: Recorded[];
  /** TCP connections accepted so far (keep-alive reuse shows as fewer connections than requests). */
  readonly connections: number;
  /** Replaces the script. */
  script: Script;
  close(): Promise<void>;
  /** Stops listening (connections then are refused) and can listen again on the same port. */
  stopListening(): Promise<void>;
  listenAgain(): Promise<void>;
}

export const TEST_KEYS: Record<string, string> = {
  "test-key-id": "test-key-secret-DO-NOT-LEAK",
  "sts-key-id": "sts-secret-DO-NOT-LEAK",
};

function verify(method: string, url: URL, headers: IncomingHttpHeaders, body: string): Pick<Recorded, "signature" | "signatureValid" | "params" | "action" | "nonce"> {
  const query = Object.fromEntries(url.searchParams);
  const form = headers["content-type"]?.startsWith("application/x-www-form-urlencoded") ? Object.fromEntries(new URLSearchParams(body)) : {};
  const params = { ...query, ...form };
  const auth = typeof headers.authorization === "string" ? parseAuthorizationV3(headers.authorization) : undefined;
  if (auth) {
    const signed: Record<string, string> = {};
    for (const name of auth.signedHeaders) signed[name] = String(headers[name] ?? "");
    const expected = signV3({
      method,
      query,
      headers: signed,
      hashedPayload: String(headers["x-acs-content-sha256"]),
      accessKeyId: auth.accessKeyId,
      accessKeySecret: TEST_KEYS[auth.accessKeyId] ?? "unknown",
    });
    const valid = expected.signature === auth.signature && sha256Hex(body) === headers["x-acs-content-sha256"];
    return { signature: "v3", signatureValid: valid, params, action: String(headers["x-acs-action"]), nonce: String(headers["x-acs-signature-nonce"]) };
  }
  if (params.Signature) {
    const expected = signV2({ method, params, accessKeySecret: TEST_KEYS[params.AccessKeyId ?? ""] ?? "unknown" });
    return { signature: "v2", signatureValid: expected === params.Signature, params, action: params.Action, nonce: params.SignatureNonce };
  }
  return { signature: "none", signatureValid: false, params, action: undefined, nonce: undefined };
}

function answer(res: ServerResponse, reply: Exclude<Reply, { reset: true } | { hang: true }>, requestId: string): void {
  const body = reply.body ?? JSON.stringify(reply.json ?? { RequestId: requestId });
  res.writeHead(reply.status ?? 200, { "content-type": "application/json;charset=utf-8", ...reply.headers });
  res.end(body);
}

/** Starts a scripted VPC-like server on 127.0.0.1, port 0. */
export async function startFakeVpc(script: Script): Promise<FakeVpc> {
  const requests: Recorded[] = [];
  const hanging = new Set<ServerResponse>();
  const server: Server = createServer((req, res) => {
    const n = requests.length + 1;
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks).toString("utf8");
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const recorded: Recorded = { n, method: req.method ?? "", url: req.url ?? "", headers: req.headers, body, ...verify(req.method ?? "", url, req.headers, body) };
      requests.push(recorded);
      const reply = await fake.script(recorded);
      if ("reset" in reply) {
        req.socket.destroy();
        return;
      }
      if ("hang" in reply) {
        hanging.add(res);
        return;
      }
      answer(res, reply, `req-${n}`);
    })();
  });
  const fake: FakeVpc = {
    url: "",
    port: 0,
    requests,
    connections: 0,
    script,
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    stopListening: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    listenAgain: () => new Promise<void>((resolve) => server.listen(fake.port, "127.0.0.1", () => resolve())),
  };
  server.on("connection", () => Object.assign(fake, { connections: fake.connections + 1 }));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.address() as AddressInfo).port;
  Object.assign(fake, { port, url: `http://127.0.0.1:${port}` });
  return fake;
}
