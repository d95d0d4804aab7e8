/**
 * The serialized `__provider` text, produced the way `pulumi.dynamic.Resource` does it
 * (@pulumi/pulumi dynamic/index.js serializeProvider: `serializeFunction(() => provider, { allowSecrets: true })`),
 * from the BUILT module (`npm run build` first; `npm test` does).
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { afterEach, beforeAll, describe, expect, it } from "vitest";

const requireHere = createRequire(__filename);
const root = path.resolve(__dirname, "../..");
const golden = path.join(__dirname, "fixtures/shim.golden.txt");

interface ProviderModule {
  flowLogProviderShim: object;
  flowLogProvider: { check(olds: object, news: object): Promise<{ failures?: { property: string; reason: string }[] }> };
}

let built: ProviderModule;

async function serialize(shim: object): Promise<string> {
  const provider = shim; // the closure the SDK serializes is `() => provider`
  const serialized = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
  return serialized.text;
}

beforeAll(() => {
  if (!existsSync(path.join(root, "dist/provider/index.js"))) throw new Error("dist/ is missing: run `npm run build` before these tests");
  built = requireHere("pulumi-alicloud-flowlog/provider") as ProviderModule;
});

const secretEnv = {
  ALIBABA_CLOUD_ACCESS_KEY_ID: "LTAIshimtestkeyid",
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: "shim-test-secret-value-0123456789",
  ALIBABA_CLOUD_SECURITY_TOKEN: "shim-test-security-token-abcdef",
};

afterEach(() => {
  for (const key of Object.keys(secretEnv)) delete process.env[key];
});

describe("serialized provider shim", () => {
  it("is small, credential-free and identical on every serialization", async () => {
    Object.assign(process.env, secretEnv);
    await built.flowLogProvider.check({}, {}); // the implementation has run; nothing of it may leak into the text
    const first = await serialize(built.flowLogProviderShim);
    const second = await serialize(built.flowLogProviderShim);
    expect(first).toBe(second);
    expect(first.length).toBeLessThan(4096);
    for (const secret of [...Object.values(secretEnv), "emulator-access-key-secret"]) expect(first).not.toContain(secret);
    expect(first).not.toMatch(/secret|token|password|\/work\//i);
    expect(first).toContain('require("pulumi-alicloud-flowlog/provider")');
  });

  it("matches the committed golden text, so an upgrade shows no ~__provider diff", async () => {
    const text = await serialize(built.flowLogProviderShim);
    // Regenerate deliberately only (UPDATE_GOLDEN=1): a changed text means every stack shows an update.
    if (process.env.UPDATE_GOLDEN === "1") writeFileSync(golden, text);
    expect(text).toBe(readFileSync(golden, "utf8"));
  });

  it("loaded as the dynamic-provider process loads it, calls into the installed implementation", async () => {
    const text = await serialize(built.flowLogProviderShim);
    const requireFromString = requireHere("require-from-string") as (code: string) => { handler(): Record<string, (...a: unknown[]) => unknown> };
    const loaded = requireFromString(text).handler();
    expect(Object.keys(loaded).sort()).toEqual(["check", "configure", "create", "delete", "diff", "read", "update"]);

    const original = built.flowLogProvider.check;
    const seen: unknown[] = [];
    built.flowLogProvider.check = async (olds, news) => {
      seen.push(news);
      return original.call(built.flowLogProvider, olds, news);
    };
    try {
      const news = { resourceType: "VPC", resourceId: "vpc-demo0001", trafficType: "All", projectName: "flowlog-project", logStoreName: "flowlog-store", regionId: "cn-hangzhou", aggregationInterval: 60 };
      const result = (await loaded.check!({}, news)) as { failures: { property: string; reason: string }[] };
      expect(seen).toEqual([news]);
      expect(result.failures).toEqual([{ property: "aggregationInterval", reason: "aggregationInterval must be 1, 5 or 10 (minutes); got 60" }]);
    } finally {
      built.flowLogProvider.check = original;
    }
  });
});
