/** The environment the `@alicloud/credentials` default chain reads (it reads `process.env` itself, never an injected env). */
export const CHAIN_ENV_VARS = [
  "HOME",
  "ALIBABA_CLOUD_ECS_METADATA_DISABLED",
  "ALIBABA_CLOUD_PROFILE",
  "ALIBABA_CLOUD_CREDENTIALS_FILE",
  "ALIBABA_CLOUD_CREDENTIALS_URI",
  "ALIBABA_CLOUD_ACCESS_KEY_ID",
  "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
  "ALIBABA_CLOUD_SECURITY_TOKEN",
  "ALIBABA_CLOUD_ROLE_ARN",
  "ALIBABA_CLOUD_OIDC_PROVIDER_ARN",
  "ALIBABA_CLOUD_OIDC_TOKEN_FILE",
] as const;

/** Removes every variable of {@link CHAIN_ENV_VARS} from `process.env`; returns the function that puts them back. */
export function clearChainEnv(): () => void {
  const saved = Object.fromEntries(CHAIN_ENV_VARS.map((name) => [name, process.env[name]]));
  for (const name of CHAIN_ENV_VARS) delete process.env[name];
  return () => {
    for (const name of CHAIN_ENV_VARS) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  };
}
