/**
 * chainSummary (src/client/credentials.ts) against @alicloud/credentials 2.4 messages.
 * Promise (credentials.ts `chainSummary` doc, commit message): "no secret from the credentials chain ... reaches an error".
 * Own file: process.env / HOME are changed and the module keeps session chains per profile.
 */
import { createServer, type Server } from "node:net";
import type { AddressInfo } from "node:net";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { resolveCredentials } from "../../src/client/credentials";
import { CredentialsError } from "../../src/client/errors";
import { clearChainEnv } from "./helpers/chain-env";

let restoreEnv: () => void = () => undefined;
let dir: string;
let closedPort: number;

beforeAll(async () => {
  restoreEnv = clearChainEnv();
  dir = mkdtempSync(join(tmpdir(), "rc2-"));
  process.env.HOME = dir;
  process.env.ALIBABA_CLOUD_ECS_METADATA_DISABLED = "true";
  process.env.ALIBABA_CLOUD_CREDENTIALS_FILE = join(dir, "none");
  // A port nobody listens on (bound then closed): connection refused at once.
  const s: Server = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  closedPort = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
});
afterAll(() => {
  restoreEnv();
});
afterEach(() => {
  delete process.env.ALIBABA_CLOUD_CREDENTIALS_URI;
});

async function external(name: string, output: string): Promise<Error> {
  const script = join(dir, `${name}.js`);
  writeFileSync(script, `process.stdout.write(${JSON.stringify(output)})`);
  mkdirSync(join(dir, ".aliyun"), { recursive: true });
  writeFileSync(
    join(dir, ".aliyun", "config.json"),
    JSON.stringify({ current: name, profiles: [{ name, mode: "External", process_command: `${process.execPath} ${script}` }] }),
  );
  return failure(name);
}
function texts(e: unknown): string[] {
  const err = e as Error;
  return [err.message, String(err.stack), JSON.stringify(err), inspect(err, { showHidden: true, depth: null })];
}
async function failure(profile?: string): Promise<Error> {
  const config = { get: (k: string) => (k === "alicloud:profile" ? profile : undefined) };
  const e = await resolveCredentials({ env: {}, config }).then(() => undefined, (x: unknown) => x);
  expect(CredentialsError.isInstance(e)).toBe(true);
  return e as Error;
}

describe("chainSummary vs @alicloud/credentials 2.4 messages", () => {
  it("a credentials URI with user info: the password must not reach the error", async () => {
    // httpx (used by providers/http.js) appends `${method} ${url.format(parsed)} failed.` to a connection error: the URL
    // with its auth: the summary must cut before it.
    const PASS = "uriPassDONOTLEAK7f1";
    process.env.ALIBABA_CLOUD_CREDENTIALS_URI = `http://creduser:${PASS}@127.0.0.1:${closedPort}/creds`;
    const e = await failure();
    for (const t of texts(e)) expect(t).not.toContain(PASS);
  });

  it("a credentials URI carrying a token in its path: the token must not reach the error", async () => {
    const TOKEN = "pathTokenDONOTLEAK3c9";
    process.env.ALIBABA_CLOUD_CREDENTIALS_URI = `http://127.0.0.1:${closedPort}/v1/credentials/${TOKEN}`;
    const e = await failure();
    for (const t of texts(e)) expect(t).not.toContain(TOKEN);
  });

  it("CLI profile mode External whose command prints JSON with an unquoted secret: it must not reach the error", async () => {
    // providers/external.js: `failed to parse external command output: ${ex.message}`; Node 22's JSON.parse message quotes
    // the input around the fault (`Unexpected token 's', ..."y_secret":s3cr3tVALU"...`).
    // With alicloud:profile set the chain is the CLI profile provider alone, so this is the whole first line.
    const SECRET = "s3cr3tVALUEdoNotLeak";
    const out = `{"mode":"AK","access_key_id":"LTAIx","access_key_secret":${SECRET}}`;
    const e = await external("extA", out);
    for (const t of texts(e)) expect(t).not.toContain(SECRET.slice(0, 8));
  });

  it("CLI profile mode External whose command prints only the secret: it must not reach the error", async () => {
    const SECRET = "bareSecretDONOTLEAK1";
    const e = await external("extB", SECRET);
    for (const t of texts(e)) expect(t).not.toContain(SECRET);
  });

  it("credentials URI with user info, short chain before it: the password must not reach the error", async () => {
    process.env.ALIBABA_CLOUD_CLI_PROFILE_DISABLED = "true";
    writeFileSync(process.env.ALIBABA_CLOUD_CREDENTIALS_FILE!, "[default]\n");
    const PASS = "pw9";
    process.env.ALIBABA_CLOUD_CREDENTIALS_URI = `http://u:${PASS}@127.0.0.1:${closedPort}/c`;
    try {
      const e = await failure();
      expect(e.message).not.toContain(`u:${PASS}@`);
    } finally {
      delete process.env.ALIBABA_CLOUD_CLI_PROFILE_DISABLED;
    }
  });

  it("the plain 'nothing configured' message still says something after the cut", async () => {
    const e = await failure();
    expect(e.message).toMatch(/@alicloud\/credentials said: \S/);
  });
});
