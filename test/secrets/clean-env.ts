/**
 * The environment of a provider process in the secret tests: no inherited credentials, endpoint or profile, `home` as
 * HOME (so no CLI profile or ~/.alibabacloud unless the test writes one there), no ECS metadata lookups; `extra` on top.
 */
export function cleanEnv(home: string, extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    ALIBABA_CLOUD_ACCESS_KEY_ID: undefined,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: undefined,
    ALIBABA_CLOUD_SECURITY_TOKEN: undefined,
    ALICLOUD_ACCESS_KEY: undefined,
    ALICLOUD_SECRET_KEY: undefined,
    ALICLOUD_SECURITY_TOKEN: undefined,
    ALIBABA_CLOUD_CREDENTIALS_FILE: undefined,
    ALIBABA_CLOUD_PROFILE: undefined,
    ALIBABA_CLOUD_VPC_ENDPOINT: undefined,
    ALIBABA_CLOUD_ECS_METADATA_DISABLED: "true",
    HOME: home,
    USERPROFILE: home,
    ...extra,
  };
}
