import { nonEmpty, type ConfigSource, type EnvSource } from "./config-source";
import { AlicloudConfigError } from "./errors";

/** Environment variable that overrides the VPC endpoint (documented in the README). */
export const ENDPOINT_ENV = "ALIBABA_CLOUD_VPC_ENDPOINT";
/** Pulumi config key that overrides the VPC endpoint (documented in the README). */
export const ENDPOINT_CONFIG_KEY = "alicloud-flowlog:endpoint";

/** Where requests go. */
export interface Endpoint {
  /** `scheme://host[:port]`, no trailing slash, e.g. `https://vpc.cn-hangzhou.aliyuncs.com` or `http://127.0.0.1:8080`. */
  readonly origin: string;
  /** The `host` header value (and signed header): host plus the port when not the scheme's default. */
  readonly host: string;
}

/**
 * The public VPC endpoint of a region: `https://vpc.<region>.aliyuncs.com` (Alibaba Cloud "VPC endpoints" page).
 * @throws AlicloudConfigError (reason `region`) for a region id with characters other than `a-z 0-9 -`.
 */
export function regionalEndpoint(regionId: string): Endpoint {
  if (!/^[a-z0-9-]+$/.test(regionId)) throw new AlicloudConfigError("region", `region "${regionId}" is not a region id`);
  return parseEndpoint(`https://vpc.${regionId}.aliyuncs.com`);
}

/**
 * Parses an endpoint given as a full URL (`https://vpc.example.com`, `http://127.0.0.1:8080`) or a bare host
 * (`vpc.cn-shanghai.aliyuncs.com`, `127.0.0.1:8080`: https is assumed). Only http and https, no path, query or credentials.
 * @throws AlicloudConfigError (reason `endpoint`) for anything else.
 */
export function parseEndpoint(text: string): Endpoint {
  const known = parsed.get(text);
  if (known) return known;
  const endpoint = parseUncached(text);
  if (parsed.size >= MAX_CACHED) parsed.clear();
  parsed.set(text, endpoint);
  return endpoint;
}

/** Endpoints already parsed: every call resolves its endpoint, and `new URL` is a visible cost per request. */
const parsed = new Map<string, Endpoint>();
const MAX_CACHED = 256;

function parseUncached(text: string): Endpoint {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new AlicloudConfigError("endpoint", `endpoint "${masked(text)}" is not a valid URL or host`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new AlicloudConfigError("endpoint", `endpoint "${masked(text)}" must use http or https`);
  }
  const extras = [
    url.username || url.password ? "credentials" : undefined,
    url.pathname !== "/" && url.pathname !== "" ? "a path" : undefined,
    url.search ? "a query" : undefined,
    url.hash ? "a fragment" : undefined,
  ].filter((extra) => extra !== undefined);
  if (extras.length > 0) {
    throw new AlicloudConfigError("endpoint", `endpoint ${url.origin} must be a scheme and host only (no path, query or credentials); this one has ${extras.join(" and ")}`);
  }
  return { origin: url.origin, host: url.host };
}

/**
 * An endpoint text fit for a message: a key or token pasted into an endpoint must not reach errors or logs. Text with
 * an `@` anywhere (user info, or a query holding one) shows only its scheme; otherwise everything from the first `/`,
 * `?` or `#` after the host is replaced.
 */
function masked(text: string): string {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(text)?.[0] ?? "";
  const rest = text.slice(scheme.length);
  if (rest.includes("@")) return `${scheme}[REDACTED]`;
  const end = rest.search(/[/?#]/);
  return (scheme + (end < 0 ? rest : `${rest.slice(0, end)}/[REDACTED]`)).slice(0, 200);
}

/** Inputs of {@link resolveEndpoint}. */
export interface EndpointSources {
  /** The client's `endpoint` option. */
  readonly explicit?: string;
  readonly env: EnvSource;
  readonly config?: ConfigSource;
  /** The region of the call, used when nothing overrides the endpoint. */
  readonly regionId?: string;
}

/**
 * The endpoint of a call, first found of: the explicit option; config `alicloud-flowlog:endpoint`; env
 * `ALIBABA_CLOUD_VPC_ENDPOINT`; `https://vpc.<region>.aliyuncs.com`. Config before env, as for credentials and region: a
 * stack's setting is not overridden by a variable left in the shell (a newcomer check found it was).
 * @throws AlicloudConfigError reason `endpoint` for a malformed override, reason `region` when nothing gives an endpoint.
 */
export function resolveEndpoint(sources: EndpointSources): Endpoint {
  const override = nonEmpty(sources.explicit) ?? nonEmpty(sources.config?.get(ENDPOINT_CONFIG_KEY)) ?? nonEmpty(sources.env[ENDPOINT_ENV]);
  if (override) return parseEndpoint(override);
  if (sources.regionId) return regionalEndpoint(sources.regionId);
  throw noRegionError();
}

/**
 * The error for a call with no region from anywhere: thrown before anything is sent, whether or not an endpoint is set
 * (every flow-log action takes RegionId; the service would answer MissingParameter).
 */
export function noRegionError(): AlicloudConfigError {
  return new AlicloudConfigError(
    "region",
    "no region: set the regionId option or parameter, config alicloud:region, or env ALIBABA_CLOUD_REGION / ALICLOUD_REGION " +
      `(it fills the RegionId parameter every flow-log action takes, and picks the endpoint unless the endpoint option, config ` +
      `${ENDPOINT_CONFIG_KEY} or env ${ENDPOINT_ENV} sets one)`,
  );
}
