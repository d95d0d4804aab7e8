// Issue 5, "Secrets": AccessKeySecret and SecurityToken never appear in the serialized provider, any output, the state,
// the provider's log lines or any error message, whichever place they came from: Pulumi config secrets, the environment
// (both spellings), or the @alicloud/credentials default chain (an aliyun CLI profile in StsToken mode chosen by
// `alicloud:profile`, and a credentials file named by ALIBABA_CLOUD_CREDENTIALS_FILE). Each source runs create, update,
// refresh (read) and destroy under the mini engine with the real dynamic-provider process, then failing runs: a wrong
// secret (SignatureDoesNotMatch), the flow-log service closed, and an endpoint where nothing listens.
// Needs `npm run build` (npm test does it).
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { percentEncode } from "../../src/client/signing";
import { startEmulator, type RunningEmulator } from "../../src/emulator";
import { MiniEngine, type ConfigValue, type StackState } from "../../src/testing";
import { destroy, flowLogArgs, up, type StageOutcome } from "../faults/helpers";
import { builtShimText } from "../faults/provider-stack";
import { cleanEnv as cleanEnvIn } from "./clean-env";

const PROJECT_DIR = path.join(__dirname, "../..");

/** A credential triple; the secret and token hold `+ / =` as real STS tokens do, so encoded spellings differ. */
interface Triple {
  readonly id: string;
  readonly secret: string;
  readonly token: string;
}
const triple = (tag: string): Triple => ({
  id: `STS.${tag}KeyId0001`,
  secret: `${tag}-Secret+/=0123456789abcdef`,
  token: `${tag}Token+/==CAIS${tag}0123456789/abc+def==`,
});

/** Where the provider finds credentials: its config and environment. */
interface Source {
  readonly config: Record<string, ConfigValue>;
  readonly env: Record<string, string | undefined>;
}

let emulator: RunningEmulator;
let home: string;
const known: Triple[] = [];
/** Everything the secrets must never appear in: log lines, error messages, outputs, state JSON, serialized provider. */
const haystack: string[] = [];

/** No inherited credentials, an empty HOME (no CLI profile, no ~/.alibabacloud), no ECS metadata lookups. */
function cleanEnv(extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return cleanEnvIn(home, extra);
}

function baseConfig(endpoint: string): Record<string, ConfigValue> {
  return { "alicloud:region": "cn-hangzhou", "alicloud-flowlog:endpoint": endpoint, "alicloud-flowlog:requestTimeout": "2s" };
}

const SOURCES: Record<string, (t: Triple, endpoint: string) => Source> = {
  "Pulumi config secrets": (t, endpoint) => ({
    config: {
      ...baseConfig(endpoint),
      "alicloud:accessKey": t.id,
      "alicloud:secretKey": { value: t.secret, secret: true },
      "alicloud:securityToken": { value: t.token, secret: true },
    },
    env: cleanEnv(),
  }),
  "env ALIBABA_CLOUD_*": (t, endpoint) => ({
    config: baseConfig(endpoint),
    env: cleanEnv({ ALIBABA_CLOUD_ACCESS_KEY_ID: t.id, ALIBABA_CLOUD_ACCESS_KEY_SECRET: t.secret, ALIBABA_CLOUD_SECURITY_TOKEN: t.token }),
  }),
  "env ALICLOUD_*": (t, endpoint) => ({
    config: baseConfig(endpoint),
    env: cleanEnv({ ALICLOUD_ACCESS_KEY: t.id, ALICLOUD_SECRET_KEY: t.secret, ALICLOUD_SECURITY_TOKEN: t.token }),
  }),
  "chain: CLI profile (StsToken) via alicloud:profile": (t, endpoint) => {
    const dir = mkdtempSync(path.join(tmpdir(), "secrets-cli-"));
    mkdirSync(path.join(dir, ".aliyun"));
    const profile = { name: "pulumi", mode: "StsToken", access_key_id: t.id, access_key_secret: t.secret, sts_token: t.token, region_id: "cn-hangzhou" };
    writeFileSync(path.join(dir, ".aliyun/config.json"), JSON.stringify({ current: "pulumi", profiles: [profile] }));
    return { config: { ...baseConfig(endpoint), "alicloud:profile": "pulumi" }, env: cleanEnv({ HOME: dir, USERPROFILE: dir }) };
  },
  "chain: credentials file via ALIBABA_CLOUD_CREDENTIALS_FILE": (t, endpoint) => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "secrets-ini-")), "credentials");
    writeFileSync(file, `[flowlog]\ntype = access_key\naccess_key_id = ${t.id}\naccess_key_secret = ${t.secret}\n`);
    return { config: baseConfig(endpoint), env: cleanEnv({ ALIBABA_CLOUD_CREDENTIALS_FILE: file, ALIBABA_CLOUD_PROFILE: "flowlog" }) };
  },
};

/** The credentials file holds a long-term pair (its format has no token); the others are STS triples. */
const LONG_TERM = "chain: credentials file via ALIBABA_CLOUD_CREDENTIALS_FILE";
const goodTriples = Object.fromEntries(Object.keys(SOURCES).map((name, i) => [name, triple(`Good${i}`)]));
const wrongTriples = Object.fromEntries(Object.keys(SOURCES).map((name, i) => [name, { ...goodTriples[name]!, secret: `Wrong${i}-Secret+/=fedcba9876543210` }]));

beforeAll(async () => {
  home = mkdtempSync(path.join(tmpdir(), "secrets-home-"));
  const triples = Object.entries(goodTriples);
  emulator = await startEmulator({
    port: 0,
    settings: { activationDelayMs: 200, transitionDelayMs: 100 },
    accessKeys: triples.filter(([name]) => name === LONG_TERM).map(([, t]) => ({ accessKeyId: t.id, accessKeySecret: t.secret })),
    stsTokens: triples.filter(([name]) => name !== LONG_TERM).map(([, t]) => ({ accessKeyId: t.id, accessKeySecret: t.secret, securityToken: t.token })),
  });
  known.push(...Object.values(goodTriples), ...Object.values(wrongTriples));
  haystack.push(await builtShimText());
});
afterAll(async () => {
  await emulator?.stop();
});

function engineFor(source: Source, state?: StackState): MiniEngine {
  return new MiniEngine({
    project: "secrets",
    projectDir: PROJECT_DIR,
    config: source.config,
    providerEnv: source.env,
    onLog: (line) => haystack.push(line.text),
    ...(state ? { state } : {}),
  });
}

/** Keeps every message, stack and enumerable field of a failed run's errors for the search. */
function keep(outcome: StageOutcome): StageOutcome {
  haystack.push(...outcome.messages);
  const error = outcome.error;
  if (error instanceof Error) {
    haystack.push(String(error.stack));
    const inner = (error as { errors?: unknown[] }).errors ?? [];
    for (const e of inner) haystack.push(e instanceof Error ? `${e.message}\n${String(e.stack)}\n${JSON.stringify(e)}` : String(e));
  }
  return outcome;
}

function keepState(engine: MiniEngine): void {
  haystack.push(engine.stateJson(), JSON.stringify(engine.state()));
}

/** Every spelling a secret could take in text: raw, RFC 3986-encoded once and twice, encodeURIComponent. */
function spellings(value: string): string[] {
  return [...new Set([value, percentEncode(value), percentEncode(percentEncode(value)), encodeURIComponent(value)])];
}

function hits(): string[] {
  const found = new Set<string>();
  for (const t of known) {
    for (const secret of [t.secret, t.token]) {
      for (const form of spellings(secret)) if (haystack.some((text) => text.includes(form))) found.add(form);
    }
  }
  return [...found];
}

describe.each(Object.keys(SOURCES))("credentials from %s", (name) => {
  it("create, update, refresh, destroy and failing runs leave the secret and token nowhere", async () => {
    const source = SOURCES[name]!(goodTriples[name]!, emulator.url);
    const vpc = `vpc-demo0${400 + Object.keys(SOURCES).indexOf(name)}`;
    const engine = engineFor(source);
    const created = keep(await up(engine, { web: flowLogArgs("web", vpc) }));
    expect(created.messages).toEqual([]);
    keepState(engine);
    const updated = keep(await up(engine, { web: flowLogArgs("web", vpc, { description: "updated" }) }));
    expect(updated.messages).toEqual([]);
    await engine.refresh();
    keepState(engine);

    // A wrong secret: the service answers SignatureDoesNotMatch (its message echoes the string to sign).
    const wrong = engineFor(SOURCES[name]!(wrongTriples[name]!, emulator.url), engine.state());
    const refused = keep(await up(wrong, { web: flowLogArgs("web", vpc, { description: "refused" }) }));
    expect(refused.messages.join("\n")).toMatch(/SignatureDoesNotMatch|InvalidAccessKeySecret|Signature/);
    keepState(wrong);

    // The flow-log service closed in the region: create fails and explains it.
    emulator.updateSettings({ serviceOpen: { "cn-hangzhou": false } });
    const closed = keep(await up(engineFor(source), { other: flowLogArgs("other", `vpc-demo0${410 + Object.keys(SOURCES).indexOf(name)}`) }));
    emulator.updateSettings({ serviceOpen: { "cn-hangzhou": true } });
    expect(closed.messages.join("\n")).toMatch(/not open in region cn-hangzhou/);

    // An endpoint where nothing listens: refresh and delete fail without an answer.
    const nowhere = SOURCES[name]!(goodTriples[name]!, "http://127.0.0.1:9");
    const unreachable = engineFor(nowhere, engine.state());
    await unreachable.refresh().catch((error: unknown) => keep({ ok: false, initFailedIds: [], messages: [String(error)], error }));

    const destroyed = keep(await destroy(engine));
    expect(destroyed.messages).toEqual([]);
    keepState(engine);
    expect(emulator.flowLogs().filter((f) => f.resourceId === vpc)).toEqual([]);

    expect(hits()).toEqual([]);
  }, 60_000);
});

describe("the search itself", () => {
  it("finds a secret when one is there (the check can fail)", () => {
    const t = known[0]!;
    haystack.push(`leak: ${encodeURIComponent(t.token)}`);
    expect(hits()).toEqual([encodeURIComponent(t.token)]);
    haystack.pop();
    expect(hits()).toEqual([]);
  });
});
