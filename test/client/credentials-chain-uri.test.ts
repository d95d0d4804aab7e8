/**
 * ALIBABA_CLOUD_CREDENTIALS_URI (credentials URI of the default chain) on a 127.0.0.1 server answering errors,
 * garbage or a partial answer that carries the AccessKeySecret. Own file: the module keeps session chains per profile.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CredentialsError } from "../../src/client/errors";
import { VpcClient } from "../../src/client/vpc-client";
import { startFakeVpc, type FakeVpc } from "./helpers/fake-vpc";
import { clearChainEnv } from "./helpers/chain-env";

const SECRET = "uri-secret-DO-NOT-LEAK-91c2";
const TOKEN = "uri-sts-token-DO-NOT-LEAK-44aa";
let fake: FakeVpc;
let uri: Server;
let answer: { status: number; body: string } = { status: 500, body: "" };
let restoreEnv: () => void = () => undefined;

beforeAll(async () => {
  fake = await startFakeVpc(() => ({ json: { RequestId: "r", FlowLogs: { FlowLog: [] }, TotalCount: 0, PageNumber: 1, PageSize: 20 } }));
  uri = createServer((_req, res) => {
    res.writeHead(answer.status, { "content-type": "application/json" });
    res.end(answer.body);
  });
  await new Promise<void>((r) => uri.listen(0, "127.0.0.1", r));
  restoreEnv = clearChainEnv();
  const dir = mkdtempSync(join(tmpdir(), "rc-u"));
  process.env.HOME = dir;
  process.env.ALIBABA_CLOUD_ECS_METADATA_DISABLED = "true";
  process.env.ALIBABA_CLOUD_CREDENTIALS_FILE = join(dir, "none");
  process.env.ALIBABA_CLOUD_CREDENTIALS_URI = `http://127.0.0.1:${(uri.address() as AddressInfo).port}/creds`;
});
afterAll(async () => {
  restoreEnv();
  await fake.close();
  await new Promise((r) => uri.close(r));
});

function client(): VpcClient {
  return new VpcClient({ endpoint: fake.url, regionId: "cn-hangzhou", env: {}, rateLimit: false, retry: { maxAttempts: 1 } });
}
function texts(e: unknown): string[] {
  const err = e as Error;
  return [err.message, String(err.stack), JSON.stringify(err), inspect(err, { showHidden: true, depth: null }), String(err)];
}

describe("credentials URI answers", () => {
  it("garbage: a CredentialsError naming the places looked", async () => {
    answer = { status: 200, body: "<html>not json</html>" };
    const e = await client().describeFlowLogs({}).catch((x: unknown) => x);
    expect(CredentialsError.isInstance(e)).toBe(true);
    expect((e as Error).message).toContain("ALIBABA_CLOUD_CREDENTIALS_URI");
    expect(fake.requests.length).toBe(0);
  });

  it("a partial answer (no SecurityToken) holding the AccessKeySecret: no error surface may hold the secret", async () => {
    // "No error, log line or stack ever contains the AccessKeySecret" (README / ARCHITECTURE).
    // @alicloud/credentials throws `error retrieving credentials from credentialsURI result: <JSON.stringify(answer)>`;
    // once the chain's lastUsedProvider is the URI provider (after the first failure), that is the whole first line,
    // so notFound() keeps only the words before the quoted answer.
    answer = { status: 200, body: JSON.stringify({ Code: "Success", AccessKeyId: "STS.id", AccessKeySecret: SECRET, Expiration: "2099-01-01T00:00:00Z" }) };
    const e = await client().describeFlowLogs({}).catch((x: unknown) => x);
    expect(CredentialsError.isInstance(e)).toBe(true);
    for (const t of texts(e)) expect(t).not.toContain(SECRET);
  });

  it("a 500 whose body echoes the token: no error surface may hold it", async () => {
    answer = { status: 500, body: `{"error":"backend failed","SecurityToken":"${TOKEN}"}` };
    const e = await client().describeFlowLogs({}).catch((x: unknown) => x);
    expect(CredentialsError.isInstance(e)).toBe(true);
    for (const t of texts(e)) expect(t).not.toContain(TOKEN);
  });

  it("a credentials file written after a failed lookup is used by the next call", async () => {
    // Credentials "looked up at call time" through the default chain (issue). DefaultCredentialsProvider
    // sets lastUsedProvider before trying each provider, so a chain kept after a failed lookup would ask only the URI
    // provider again (credentials.ts drops a chain that failed).
    answer = { status: 500, body: "down" };
    writeFileSync(process.env.ALIBABA_CLOUD_CREDENTIALS_FILE!, "[default]\ntype = access_key\naccess_key_id = file-key\naccess_key_secret = file-secret\n");
    try {
      const e = await client().describeFlowLogs({}).then(() => undefined, (x: unknown) => x);
      expect((e as Error | undefined)?.message).toBeUndefined();
      expect(String(fake.requests.at(-1)?.headers.authorization)).toContain("Credential=file-key");
    } finally {
      rmSync(process.env.ALIBABA_CLOUD_CREDENTIALS_FILE!);
    }
  });

  it("a good answer afterwards is used (a failed URI is tried again on the next call)", async () => {
    answer = { status: 200, body: JSON.stringify({ Code: "Success", AccessKeyId: "STS.good", AccessKeySecret: "s", SecurityToken: "t", Expiration: "2099-01-01T00:00:00Z" }) };
    await client().describeFlowLogs({});
    expect(fake.requests.at(-1)!.headers["x-acs-security-token"]).toBe("t");
  });
});
