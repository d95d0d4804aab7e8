import { describe, expect, it } from "vitest";
import { resolveCredentials, resolveRegion, type Credentials } from "../../src/client/credentials";
import { CredentialsError } from "../../src/client/errors";

const config = (values: Record<string, string>) => ({ get: (k: string) => values[k] });
const chainNever = async (): Promise<Credentials> => {
  throw new Error("unreachable in this test");
};

const FULL_ENV = {
  ALIBABA_CLOUD_ACCESS_KEY_ID: "env-id",
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: "env-secret",
  ALIBABA_CLOUD_SECURITY_TOKEN: "env-token",
  ALICLOUD_ACCESS_KEY: "tf-id",
  ALICLOUD_SECRET_KEY: "tf-secret",
};
const FULL_CONFIG = config({ "alicloud:accessKey": "cfg-id", "alicloud:secretKey": "cfg-secret", "alicloud:securityToken": "cfg-token" });

describe("resolveCredentials precedence", () => {
  it("explicit first", async () => {
    const c = await resolveCredentials({ explicit: { accessKeyId: "x-id", accessKeySecret: "x-secret" }, config: FULL_CONFIG, env: FULL_ENV, chain: chainNever });
    expect(c).toEqual({ accessKeyId: "x-id", accessKeySecret: "x-secret" });
  });

  it("explicit and chain values are used trimmed, as config and env are (a padded token echoed trimmed would escape redact)", async () => {
    const padded = { accessKeyId: " x-id\t", accessKeySecret: "x-secret ", securityToken: " x-token\n" };
    const trimmed = { accessKeyId: "x-id", accessKeySecret: "x-secret", securityToken: "x-token" };
    expect(await resolveCredentials({ explicit: padded, env: {}, chain: chainNever })).toEqual(trimmed);
    expect(await resolveCredentials({ env: {}, chain: async () => padded })).toEqual(trimmed);
  });

  it("an explicit function is called at each resolution", async () => {
    let n = 0;
    const source = async (): Promise<Credentials> => ({ accessKeyId: `id-${++n}`, accessKeySecret: "s" });
    expect((await resolveCredentials({ explicit: source, env: {} })).accessKeyId).toBe("id-1");
    expect((await resolveCredentials({ explicit: source, env: {} })).accessKeyId).toBe("id-2");
  });

  it("then Pulumi config alicloud:accessKey / secretKey / securityToken", async () => {
    expect(await resolveCredentials({ config: FULL_CONFIG, env: FULL_ENV, chain: chainNever })).toEqual({ accessKeyId: "cfg-id", accessKeySecret: "cfg-secret", securityToken: "cfg-token" });
  });

  it("then ALIBABA_CLOUD_* env, then Terraform's ALICLOUD_* env", async () => {
    expect(await resolveCredentials({ config: config({}), env: FULL_ENV, chain: chainNever })).toEqual({ accessKeyId: "env-id", accessKeySecret: "env-secret", securityToken: "env-token" });
    expect(await resolveCredentials({ env: { ALICLOUD_ACCESS_KEY: "tf-id", ALICLOUD_SECRET_KEY: "tf-secret", ALICLOUD_SECURITY_TOKEN: "tf-token" }, chain: chainNever })).toEqual({
      accessKeyId: "tf-id",
      accessKeySecret: "tf-secret",
      securityToken: "tf-token",
    });
  });

  it("then the default chain, given alicloud:profile", async () => {
    let profile: string | undefined = "unset";
    const chain = async (p: string | undefined): Promise<Credentials> => {
      profile = p;
      return { accessKeyId: "chain-id", accessKeySecret: "chain-secret" };
    };
    expect((await resolveCredentials({ config: config({ "alicloud:profile": "dev" }), env: {}, chain })).accessKeyId).toBe("chain-id");
    expect(profile).toBe("dev");
  });

  it("names every place looked when nothing is found", async () => {
    const err = await resolveCredentials({ env: {}, chain: async () => Promise.reject(new Error("no ~/.aliyun/config.json")) }).catch((e: unknown) => e);
    expect(CredentialsError.isInstance(err)).toBe(true);
    const message = (err as CredentialsError).message;
    for (const place of ["credentials option", "alicloud:accessKey", "ALIBABA_CLOUD_ACCESS_KEY_ID", "ALICLOUD_ACCESS_KEY", "@alicloud/credentials default chain", "no ~/.aliyun/config.json"]) {
      expect(message).toContain(place);
    }
    expect((err as CredentialsError).looked).toHaveLength(5);
  });

  it("with alicloud:profile names that CLI profile as the last place, not the default chain it did not ask", async () => {
    const config = { get: (key: string) => (key === "alicloud:profile" ? "prod" : undefined) };
    const asked: (string | undefined)[] = [];
    const chain = async (profile: string | undefined): Promise<Credentials> => {
      asked.push(profile);
      throw new Error("profile prod not found");
    };
    const err = await resolveCredentials({ env: {}, config, chain }).catch((e: unknown) => e);
    const message = (err as CredentialsError).message;
    expect(asked).toEqual(["prod"]);
    expect(message).toContain('CLI profile "prod" of ~/.aliyun/config.json (alicloud:profile');
    for (const notAsked of ["default chain", "OIDC", "ECS RAM role", "~/.alibabacloud/credentials", "CREDENTIALS_URI"]) expect(message).not.toContain(notAsked);
  });

  it.each([
    ["a line break", "Kpart1\nKpart2"],
    ["a carriage return", "Kpart1\rpart2"],
    ["a NUL", "Kpart\u0000x"],
    ["an unpaired high surrogate", "Kpart\ud800x"],
    ["an unpaired low surrogate", "Kpart\udc00x"],
    ["a NEXT LINE (C1 control)", "Kpart\u0085x"],
    ["a CSI (C1 control)", "Kpart\u009bx"],
    ["a LINE SEPARATOR", "Kpart\u2028x"],
  ])("refuses an AccessKeySecret holding %s from every source, naming the source, never the secret", async (_what, secret) => {
    const sources = [
      { label: "the credentials option", sources: { explicit: { accessKeyId: "id", accessKeySecret: secret }, env: {} } },
      { label: "env ALIBABA_CLOUD_ACCESS_KEY_ID", sources: { env: { ALIBABA_CLOUD_ACCESS_KEY_ID: "id", ALIBABA_CLOUD_ACCESS_KEY_SECRET: secret } } },
      { label: "@alicloud/credentials default chain", sources: { env: {}, chain: async () => ({ accessKeyId: "id", accessKeySecret: secret }) } },
    ];
    for (const { label, sources: given } of sources) {
      const err = await resolveCredentials(given).catch((e: unknown) => e);
      expect(CredentialsError.isInstance(err), label).toBe(true);
      const message = (err as CredentialsError).message;
      expect(message).toMatch(/^the AccessKeySecret in .* holds a line break, another control character or an unpaired UTF-16 surrogate/);
      expect(message).toContain(label);
      expect(message).not.toContain("part"); expect(message).not.toContain(secret);
    }
  });

  it("accepts a secret with a paired surrogate (well-formed text), which signs", async () => {
    const c = await resolveCredentials({ explicit: { accessKeyId: "id", accessKeySecret: "Secret\ud83d\ude00x" }, env: {} });
    expect(c.accessKeySecret).toBe("Secret\ud83d\ude00x");
  });

  it("skips the chain when told to, and still names the other places", async () => {
    const err = await resolveCredentials({ env: {}, chain: false }).catch((e: unknown) => e);
    expect((err as CredentialsError).message).toMatch(/Looked in: the credentials option; Pulumi config .*ALICLOUD_ACCESS_KEY/);
  });

  it("refuses half a pair instead of falling through", async () => {
    const err = await resolveCredentials({ env: { ALIBABA_CLOUD_ACCESS_KEY_SECRET: "only-secret" }, chain: chainNever }).catch((e: unknown) => e);
    expect((err as CredentialsError).message).toMatch(/incomplete credentials in env ALIBABA_CLOUD_ACCESS_KEY_ID/);
    expect((err as CredentialsError).message).not.toContain("only-secret");
  });

  it("refuses an explicit value without a secret", async () => {
    await expect(resolveCredentials({ explicit: { accessKeyId: "id", accessKeySecret: "" }, env: {} })).rejects.toThrow(/credentials option gave no AccessKeyId and AccessKeySecret/);
  });
});

describe("resolveRegion", () => {
  it("explicit, then config alicloud:region, then ALIBABA_CLOUD_REGION, then ALICLOUD_REGION", () => {
    const env = { ALIBABA_CLOUD_REGION: "cn-beijing", ALICLOUD_REGION: "cn-qingdao" };
    const cfg = config({ "alicloud:region": "cn-shanghai" });
    expect(resolveRegion({ explicit: "cn-hangzhou", config: cfg, env })).toBe("cn-hangzhou");
    expect(resolveRegion({ config: cfg, env })).toBe("cn-shanghai");
    expect(resolveRegion({ env })).toBe("cn-beijing");
    expect(resolveRegion({ env: { ALICLOUD_REGION: "cn-qingdao" } })).toBe("cn-qingdao");
    expect(resolveRegion({ env: {} })).toBeUndefined();
  });
});
