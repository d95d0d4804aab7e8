// First: on an older Node, a clear error instead of a crash inside undici.
import "../node-version";
export { VpcClient, type VpcClientOptions, type CallOptions } from "./vpc-client";
export {
  AlicloudError,
  AlicloudApiError,
  AlicloudRequestError,
  AlicloudResponseError,
  AlicloudConfigError,
  CredentialsError,
  type AlicloudApiErrorInit,
  type AlicloudRequestErrorInit,
  type RequestFailureReason,
  type ConfigFailureReason,
  type SanitizedCause,
  type ResponseIssue,
} from "./errors";
export { resolveCredentials, resolveRegion, loadDefaultChain, type Credentials, type CredentialsSource, type CredentialsChain } from "./credentials";
export type { ConfigSource, EnvSource } from "./config-source";
export { resolveEndpoint, parseEndpoint, regionalEndpoint, ENDPOINT_ENV, ENDPOINT_CONFIG_KEY, type Endpoint } from "./endpoint";
export { flattenParams, toApiName, type WireParams } from "./params";
export {
  DEFAULT_RETRY,
  isRetryableApiError,
  isThrottling,
  classifyRequestFailure,
  backoffDelayMs,
  decideRetry,
  parseRetryAfter,
  type RetryPolicy,
  type RetryDecision,
} from "./retry";
export { DEFAULT_RATE_LIMIT, RateLimiter, sharedRateLimiter, type RateLimit } from "./throttle";
export { DEFAULT_TIMEOUTS, type TransportTimeouts } from "./transport";
export { VPC_API_VERSION, type SignatureVersion } from "./wire";
export { systemClock, type Clock } from "./clock";
export { redact } from "./redact";
export * from "./schemas";
