import { nonEmpty, type ConfigSource, type EnvSource } from "./config-source";
import { CredentialsError } from "./errors";

/** An AccessKey pair, with a security token for STS credentials. */
export interface Credentials {
  readonly accessKeyId: string;
  /** Never logged or put in an error. */
  readonly accessKeySecret: string;
  /** STS token; sent as `x-acs-security-token` (V3) or `SecurityToken` (V2). Never logged. */
  readonly securityToken?: string;
}

/** Fixed credentials, or a function called at every attempt (it may refresh them). */
export type CredentialsSource = Credentials | (() => Promise<Credentials>);

/** Loads credentials from the `@alicloud/credentials` default chain; `profile` is `alicloud:profile` when set. */
export type CredentialsChain = (profile: string | undefined) => Promise<Credentials>;

/** Inputs of {@link resolveCredentials}. */
export interface CredentialSources {
  readonly explicit?: CredentialsSource;
  readonly config?: ConfigSource;
  readonly env: EnvSource;
  /** The default chain; `false` to skip it. Default: {@link loadDefaultChain}. */
  readonly chain?: CredentialsChain | false;
}

/** A named place holding an id / secret / token triple. */
interface KeyedPlace {
  readonly label: string;
  readonly id: string | undefined;
  readonly secret: string | undefined;
  readonly token: string | undefined;
}

function keyedPlaces(sources: CredentialSources): KeyedPlace[] {
  const { config, env } = sources;
  return [
    {
      label: "Pulumi config alicloud:accessKey / alicloud:secretKey",
      id: nonEmpty(config?.get("alicloud:accessKey")),
      secret: nonEmpty(config?.get("alicloud:secretKey")),
      token: nonEmpty(config?.get("alicloud:securityToken")),
    },
    {
      label: "env ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET",
      id: nonEmpty(env.ALIBABA_CLOUD_ACCESS_KEY_ID),
      secret: nonEmpty(env.ALIBABA_CLOUD_ACCESS_KEY_SECRET),
      token: nonEmpty(env.ALIBABA_CLOUD_SECURITY_TOKEN),
    },
    {
      label: "env ALICLOUD_ACCESS_KEY / ALICLOUD_SECRET_KEY",
      id: nonEmpty(env.ALICLOUD_ACCESS_KEY),
      secret: nonEmpty(env.ALICLOUD_SECRET_KEY),
      token: nonEmpty(env.ALICLOUD_SECURITY_TOKEN),
    },
  ];
}

function checked(c: Credentials | undefined, label: string, looked: string[]): Credentials {
  // Values are checked as strings: a profile or credentials function may hand over numbers or null (never echoed).
  const id = stringValue(c?.accessKeyId);
  const secret = stringValue(c?.accessKeySecret);
  if (id === undefined || secret === undefined) {
    throw new CredentialsError(`${label} gave no AccessKeyId and AccessKeySecret (both must be non-empty strings)`, [...looked, label]);
  }
  // A blank token counts as unset, as in config and env (`nonEmpty`). Values are used trimmed, as config and env are: a
  // server trims a header's surrounding white space, so an echoed padded token would be one spelling `redact` never saw.
  refuseUnusableSecret(secret, label, [...looked, label]);
  const token = stringValue(c?.securityToken);
  const pair = { accessKeyId: id, accessKeySecret: secret };
  return token === undefined ? pair : { ...pair, securityToken: token };
}

/** A control character (C0, DEL, C1; a line break among them), a line or paragraph separator, or an unpaired UTF-16 surrogate. */
// eslint-disable-next-line no-control-regex -- control characters are what is refused
const UNUSABLE_IN_SECRET = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Refuses an AccessKeySecret that no key can have: one holding a line break or another control character (a paste that
 * took two lines, a file read with its line ending inside), or an unpaired UTF-16 surrogate (no UTF-8 form, so no HMAC key
 * the service could share). The secret is never sent, only used to sign, so the request would go out and come back
 * SignatureDoesNotMatch; this says where the secret came from instead, without quoting it. (The AccessKeyId and the
 * token are headers: undici refuses such characters there, vpc-client.ts.)
 * @throws CredentialsError naming the place.
 */
function refuseUnusableSecret(secret: string, label: string, looked: string[]): void {
  if (UNUSABLE_IN_SECRET.test(secret)) {
    throw new CredentialsError(
      `the AccessKeySecret in ${label} holds a line break, another control character or an unpaired UTF-16 surrogate: no secret does; check how it was copied`,
      looked,
    );
  }
}

/** The value when it is a string that is not blank. */
function stringValue(value: unknown): string | undefined {
  return typeof value === "string" ? nonEmpty(value) : undefined;
}

/**
 * Checks credentials given explicitly as an object (the `credentials` option): the synchronous part of
 * {@link resolveCredentials} for that case, so a call with fixed credentials does not wait for a promise.
 * @throws CredentialsError when the AccessKeyId or AccessKeySecret is missing or empty.
 */
export function checkExplicitCredentials(given: Credentials): Credentials {
  return checked(given, "the credentials option", []);
}

/**
 * Resolves credentials at call time, first found of:
 * 1. the explicit `credentials` option (a function is called every time);
 * 2. Pulumi config `alicloud:accessKey`, `alicloud:secretKey`, `alicloud:securityToken`;
 * 3. env `ALIBABA_CLOUD_ACCESS_KEY_ID`, `ALIBABA_CLOUD_ACCESS_KEY_SECRET`, `ALIBABA_CLOUD_SECURITY_TOKEN`;
 * 4. env `ALICLOUD_ACCESS_KEY`, `ALICLOUD_SECRET_KEY`, `ALICLOUD_SECURITY_TOKEN` (Terraform's names);
 * 5. the `@alicloud/credentials` default chain (OIDC/RRSA, CLI profile, credentials file, ECS RAM role, credentials URI),
 *    required only when reached; with `alicloud:profile`, only that CLI profile of `~/.aliyun/config.json` instead (as
 *    `profile` means in `@pulumi/alicloud`; the chain's own `ALIBABA_CLOUD_PROFILE` also picks a credentials-file section).
 * Nothing is cached here: callers resolve again for every attempt.
 * @throws CredentialsError naming every place looked, or naming the place that holds an id without a secret (or the reverse).
 */
export async function resolveCredentials(sources: CredentialSources): Promise<Credentials> {
  const looked: string[] = [];
  if (sources.explicit !== undefined) {
    const given = typeof sources.explicit === "function" ? await sources.explicit() : sources.explicit;
    return checked(given, "the credentials option", looked);
  }
  for (const place of keyedPlaces(sources)) {
    if (place.id && place.secret) {
      refuseUnusableSecret(place.secret, place.label, [...looked, place.label]);
      return place.token ? { accessKeyId: place.id, accessKeySecret: place.secret, securityToken: place.token } : { accessKeyId: place.id, accessKeySecret: place.secret };
    }
    if (place.id || place.secret) {
      throw new CredentialsError(`incomplete credentials in ${place.label}: both values are needed`, [...looked, place.label]);
    }
    looked.push(place.label);
  }
  const chain = sources.chain ?? loadDefaultChain;
  const profile = nonEmpty(sources.config?.get("alicloud:profile"));
  // With alicloud:profile only that CLI profile is asked (newChain), so only it is named.
  const chainLabel =
    profile === undefined
      ? "the @alicloud/credentials default chain (OIDC/RRSA, CLI profile ~/.aliyun/config.json, ~/.alibabacloud/credentials, ECS RAM role, ALIBABA_CLOUD_CREDENTIALS_URI)"
      : `CLI profile "${profile}" of ~/.aliyun/config.json (alicloud:profile; @alicloud/credentials CLIProfileCredentialsProvider)`;
  if (chain === false) throw notFound([...looked]);
  looked.push(chainLabel);
  let found: Credentials;
  try {
    found = await chain(profile);
  } catch (e) {
    throw notFound(looked, e);
  }
  return checked(found, chainLabel, looked.slice(0, -1));
}

function notFound(looked: readonly string[], chainError?: unknown): CredentialsError {
  const why = chainError instanceof Error ? ` @alicloud/credentials said: ${chainSummary(chainError.message)}` : "";
  return new CredentialsError(
    `no Alibaba Cloud credentials found. Looked in: the credentials option; ${looked.join("; ")}.${why}`,
    ["the credentials option", ...looked],
  );
}

/** The default chain's lead-in before its providers' own messages (dist/src/providers/default.js). */
const CHAIN_LEAD = /^unable to get credentials from any of the providers in the chain:\s*/i;

/**
 * The default chain's message, cut at the first character that may start a quoted payload (`:` `=` `{` `[` `<` `"`).
 * `@alicloud/credentials` 2.4 puts whole payloads in its messages: `parse aliyun cli config from '<path>' failed: <the
 * file>`, `error retrieving credentials from credentialsURI result: {"AccessKeySecret":...}`, `get sts token failed,
 * httpStatus: 500, message = <body>`, an External profile's `output: <the command's output>`, URLs with user info
 * (dist/src/providers/*.js). The client cannot know those secrets to redact them, so it keeps only the words before.
 */
function chainSummary(message: string): string {
  const line = message.split("\n", 1)[0]!.replace(CHAIN_LEAD, "");
  const cut = line.search(/[:={[<"]/);
  const kept = (cut < 0 ? line : line.slice(0, cut)).slice(0, 300).trim();
  return cut < 0 && line.length <= 300 ? kept : `${kept} [the rest is withheld: it may quote credentials]`;
}

/** Shape of the parts of `@alicloud/credentials` 2.4 used here (`dist/src/client.d.ts`). */
interface CredentialsModule {
  default: new (config?: null, provider?: unknown) => { getCredential(): Promise<Partial<Credentials>> };
  CLIProfileCredentialsProvider: { builder(): { withProfileName(name: string): { build(): unknown } } };
}

/** A chain of `@alicloud/credentials` as used here. */
type Chain = { getCredential(): Promise<Partial<Credentials>> };

/**
 * Chain objects kept per profile, only while they give session credentials (with a security token): the chain caches and
 * refreshes those itself, and building it anew would fetch them (ECS metadata, credentials URI, OIDC) for every call.
 */
const sessionChains = new Map<string, Chain>();
/** The lookup in flight per profile: calls made meanwhile share it (twenty first calls make one fetch, not twenty). */
const lookups = new Map<string, Promise<Partial<Credentials>>>();

/**
 * The default chain of `@alicloud/credentials`, required lazily so the module (11 packages) loads only when reached.
 * With a profile, the CLI profile of that name (`~/.aliyun/config.json`) is used, as `alicloud:profile` means in
 * `@pulumi/alicloud`. The chain reads `process.env` itself, never an injected env.
 *
 * Looked up at call time: a chain that gave keys without a token (a credentials file, a CLI profile of mode AK) is built
 * anew for the next call, so a key rotated in the file is used by the next call; one that gave session credentials is
 * kept (see {@link sessionChains}). A chain that failed is never kept: `DefaultCredentialsProvider` 2.4 remembers the
 * last provider it tried, failed or not, and would ask only that one again (dist/src/providers/default.js,
 * `lastUsedProvider`).
 */
export const loadDefaultChain: CredentialsChain = async (profile) => {
  const key = profile ?? "";
  let lookup = lookups.get(key);
  if (lookup === undefined) {
    lookup = lookUp(key, profile).finally(() => lookups.delete(key));
    lookups.set(key, lookup);
  }
  const c = await lookup;
  return {
    accessKeyId: c.accessKeyId ?? "",
    accessKeySecret: c.accessKeySecret ?? "",
    ...(c.securityToken ? { securityToken: c.securityToken } : {}),
  };
};

async function lookUp(key: string, profile: string | undefined): Promise<Partial<Credentials>> {
  const chain = sessionChains.get(key) ?? newChain(profile);
  try {
    const c = await chain.getCredential();
    if (typeof c.securityToken === "string" && c.securityToken !== "") sessionChains.set(key, chain);
    else sessionChains.delete(key);
    return c;
  } catch (e) {
    sessionChains.delete(key);
    throw e;
  }
}

function newChain(profile: string | undefined): Chain {
  const mod = require("@alicloud/credentials") as CredentialsModule;
  const provider = profile ? mod.CLIProfileCredentialsProvider.builder().withProfileName(profile).build() : null;
  return new mod.default(null, provider);
}

/** Inputs of {@link resolveRegion}. */
export interface RegionSources {
  readonly explicit?: string;
  readonly config?: ConfigSource;
  readonly env: EnvSource;
}

/**
 * The region, first found of: explicit value; Pulumi config `alicloud:region`; env `ALIBABA_CLOUD_REGION`; env
 * `ALICLOUD_REGION`. Returns undefined when none is set (the caller decides whether that is an error).
 */
export function resolveRegion(sources: RegionSources): string | undefined {
  return (
    nonEmpty(sources.explicit) ??
    nonEmpty(sources.config?.get("alicloud:region")) ??
    nonEmpty(sources.env.ALIBABA_CLOUD_REGION) ??
    nonEmpty(sources.env.ALICLOUD_REGION)
  );
}
