import { describe, expect, it } from "vitest";
import { parseEndpoint, regionalEndpoint, resolveEndpoint } from "../../src/client/endpoint";

const config = (values: Record<string, string>) => ({ get: (k: string) => values[k] });

describe("endpoints", () => {
  it("maps a region to https://vpc.<region>.aliyuncs.com", () => {
    expect(regionalEndpoint("cn-shanghai")).toEqual({ origin: "https://vpc.cn-shanghai.aliyuncs.com", host: "vpc.cn-shanghai.aliyuncs.com" });
    expect(() => regionalEndpoint("cn-shanghai.evil.com/")).toThrow(/not a region id/);
  });

  it("accepts a full URL (http on loopback allowed) or a bare host (https assumed)", () => {
    expect(parseEndpoint("http://127.0.0.1:8080")).toEqual({ origin: "http://127.0.0.1:8080", host: "127.0.0.1:8080" });
    expect(parseEndpoint("https://vpc-vpc.cn-hangzhou.aliyuncs.com/")).toEqual({ origin: "https://vpc-vpc.cn-hangzhou.aliyuncs.com", host: "vpc-vpc.cn-hangzhou.aliyuncs.com" });
    expect(parseEndpoint("vpc.example.com:8443")).toEqual({ origin: "https://vpc.example.com:8443", host: "vpc.example.com:8443" });
    expect(parseEndpoint("https://vpc.example.com:443").host).toBe("vpc.example.com");
  });

  it("refuses other schemes, paths, queries and user info", () => {
    expect(() => parseEndpoint("ftp://x")).toThrow(/http or https/);
    expect(() => parseEndpoint("https://x/api")).toThrow(/no path/);
    expect(() => parseEndpoint("https://x/?a=1")).toThrow(/no path/);
    expect(() => parseEndpoint("https://u:p@x")).toThrow(/credentials/);
  });

  it("takes the option, then config alicloud-flowlog:endpoint, then env ALIBABA_CLOUD_VPC_ENDPOINT, then the region", () => {
    const env = { ALIBABA_CLOUD_VPC_ENDPOINT: "http://127.0.0.1:3" };
    const cfg = config({ "alicloud-flowlog:endpoint": "http://127.0.0.1:2" });
    expect(resolveEndpoint({ explicit: "http://127.0.0.1:1", env, config: cfg, regionId: "cn-hangzhou" }).origin).toBe("http://127.0.0.1:1");
    expect(resolveEndpoint({ env, config: cfg, regionId: "cn-hangzhou" }).origin).toBe("http://127.0.0.1:2");
    expect(resolveEndpoint({ env, config: config({}), regionId: "cn-hangzhou" }).origin).toBe("http://127.0.0.1:3");
    expect(resolveEndpoint({ env: { ALIBABA_CLOUD_VPC_ENDPOINT: " " }, regionId: "cn-hangzhou" }).origin).toBe("https://vpc.cn-hangzhou.aliyuncs.com");
  });

  it("fails clearly with neither an endpoint nor a region", () => {
    expect(() => resolveEndpoint({ env: {} })).toThrow(/no region: set the regionId option/);
  });
});
