/**
 * loadDefaultChain keeps a chain only after it gave session credentials. credentials.ts doc: "the
 * chain caches and refreshes those itself, and building it anew would fetch them (ECS metadata, credentials URI, OIDC) for
 * every call". Own file: process.env and the module's session chains.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { resolveCredentials } from "../../src/client/credentials";
import { clearChainEnv } from "./helpers/chain-env";

let restoreEnv: () => void = () => undefined;
let server: Server;
let hits = 0;

beforeAll(async () => {
  server = createServer((_req, res) => {
    hits += 1;
    // A slow metadata-like endpoint (50 ms): concurrent first calls overlap.
    setTimeout(() => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ Code: "Success", AccessKeyId: "STS.k", AccessKeySecret: "s", SecurityToken: "t", Expiration: "2099-01-01T00:00:00Z" }));
    }, 50);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  restoreEnv = clearChainEnv();
  const dir = mkdtempSync(join(tmpdir(), "rc2c-"));
  process.env.HOME = dir;
  process.env.ALIBABA_CLOUD_ECS_METADATA_DISABLED = "true";
  process.env.ALIBABA_CLOUD_CREDENTIALS_FILE = join(dir, "none");
  process.env.ALIBABA_CLOUD_CREDENTIALS_URI = `http://127.0.0.1:${(server.address() as AddressInfo).port}/creds`;
});
afterAll(async () => {
  restoreEnv();
  await new Promise((r) => server.close(r));
});

it("20 concurrent first calls through a session-credentials chain fetch the session once, not once per call", async () => {
  // Calls made while the first lookup is in flight share it; otherwise a provider's first `pulumi up` with
  // many FlowLogs on ECS/URI credentials would make one metadata/STS fetch per resource call.
  const all = await Promise.all(Array.from({ length: 20 }, () => resolveCredentials({ env: {} })));
  expect(all.every((c) => c.securityToken === "t")).toBe(true);
  expect(hits).toBe(1);
});

it("once a session chain is kept, later calls fetch nothing", async () => {
  const before = hits;
  await Promise.all(Array.from({ length: 20 }, () => resolveCredentials({ env: {} })));
  expect(hits).toBe(before);
});
