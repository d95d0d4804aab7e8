/**
 * The gateway's refusals, through real HTTP and mostly with the official clients: wrong secret, unsigned headers, replayed
 * nonce, old timestamp, unknown key, unknown action, wrong version, missing parameters, STS tokens; and the exact error wire format
 * ({RequestId, HostId, Code, Message, Recommend}, content-type application/json;charset=utf-8).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as $Vpc from "@alicloud/vpc20160428";
import { canonicalQueryString, sha256Hex, signV3 } from "../../src/client/signing";
import { startEmulator, systemClock, type RunningEmulator } from "../../src/emulator";
import { failure, KEY_ID, KEY_SECRET, popClient, rawRequest, recordingProxy, replay, signedV2Query, v2Timestamp, v3Headers, vpcSdk } from "./helpers";

const STS = { accessKeyId: "STS.emulator-sts-id", accessKeySecret: "sts-secret-value", securityToken: "sts-token-value" };
const OTHER_STS = { accessKeyId: "STS.other-id", accessKeySecret: "other-secret", securityToken: "other-token" };

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({
    accessKeys: [
      { accessKeyId: "emulator-access-key-id", accessKeySecret: KEY_SECRET },
      { accessKeyId: "second-key", accessKeySecret: "second-secret" },
    ],
    stsTokens: [STS, OTHER_STS],
  });
});
afterAll(async () => {
  await emulator.stop();
});

const describeRequest = () => new $Vpc.DescribeFlowLogsRequest({ regionId: "cn-hangzhou" });

describe("accepted requests", () => {
  it("accepts a second configured key pair", async () => {
    const answer = await vpcSdk(emulator.port, "v3", { accessKeyId: "second-key", accessKeySecret: "second-secret" }).describeFlowLogs(describeRequest());
    expect(answer.statusCode).toBe(200);
  });

  it("accepts STS credentials with their token (V3 x-acs-security-token, V2 SecurityToken)", async () => {
    expect((await vpcSdk(emulator.port, "v3", STS).describeFlowLogs(describeRequest())).statusCode).toBe(200);
    expect((await vpcSdk(emulator.port, "v2", STS).describeFlowLogs(describeRequest())).statusCode).toBe(200);
    const pop = await popClient(emulator.port, STS).request<{ TotalCount: string }>("DescribeFlowLogs", { RegionId: "cn-hangzhou" });
    expect(pop.TotalCount).toBeDefined();
  });
});

describe("SignatureDoesNotMatch", () => {
  it.each(["v3", "v2"] as const)("refuses a wrong secret from the SDK (%s) with 400 and echoes the server's string to sign", async (scheme) => {
    const error = await failure(() =>
      vpcSdk(emulator.port, scheme, { accessKeySecret: "wrong-secret-value" }).describeFlowLogs(describeRequest()),
    );
    expect(error.code).toBe("SignatureDoesNotMatch");
    expect(error.statusCode).toBe(400);
    expect(error.message).toContain("Specified signature is not matched with our calculation. server string to sign is:");
    expect(error.message).not.toContain(KEY_SECRET);
    expect(error.message).not.toContain("wrong-secret-value");
  });

  it("refuses a wrong secret from pop-core (GET and POST)", async () => {
    for (const method of ["GET", "POST"]) {
      const error = await failure(() =>
        popClient(emulator.port, { accessKeySecret: "wrong" }).request("DescribeFlowLogs", { RegionId: "cn-hangzhou" }, { method }),
      );
      expect(error.code).toBe("SignatureDoesNotMatch");
      expect(error.entry?.response?.statusCode).toBe(400);
    }
  });

  it("refuses a V2 request whose parameters were changed after signing", async () => {
    const query = signedV2Query("DescribeFlowLogs", { RegionId: "cn-hangzhou" }).replace("RegionId=cn-hangzhou", "RegionId=cn-shanghai");
    const answer = await rawRequest(emulator.port, { path: `/?${query}` });
    expect(answer.status).toBe(400);
    expect(answer.json().Code).toBe("SignatureDoesNotMatch");
  });

  it("refuses a V3 request whose body does not match x-acs-content-sha256", async () => {
    const proxy = await recordingProxy(emulator.port);
    try {
      await vpcSdk(proxy.port).describeFlowLogs(describeRequest());
      const recorded = proxy.recorded[0]!;
      // The SDK signed no body (and so no content-type): a body added on the way must not pass.
      const answer = await replay(emulator.port, { ...recorded, body: Buffer.from("RegionId=cn-shanghai") });
      expect(answer.status).toBe(400);
      expect(answer.json().Code).toBe("SignatureDoesNotMatch");
    } finally {
      await proxy.close();
    }
  });
});

describe("IncompleteSignature: headers a V3 request must sign", () => {
  /** A hand-signed V3 POST of DescribeFlowLogs: every header is sent, those `signed` accepts go into SignedHeaders. */
  async function v3(signed: (name: string) => boolean, extraHeaders: Record<string, string> = {}, origin = "") {
    const query = { RegionId: "cn-hangzhou" };
    const canonicalQuery = canonicalQueryString(query);
    const headers = { ...v3Headers(emulator.port), ...extraHeaders };
    const toSign = Object.fromEntries(Object.entries(headers).filter(([name]) => signed(name)));
    const { authorization } = signV3({ method: "POST", query, canonicalQuery, headers: toSign, hashedPayload: sha256Hex(""), accessKeyId: KEY_ID, accessKeySecret: KEY_SECRET });
    return rawRequest(emulator.port, { method: "POST", path: `${origin}/?${canonicalQuery}`, headers: { ...headers, authorization } });
  }

  it("accepts the hand-signed request with every header signed", async () => {
    expect((await v3(() => true, { "x-acs-credentials-provider": "static_ak" })).status).toBe(200);
  });

  it("accepts it with an absolute-form target (RFC 9112 3.2.2: a server must): the canonical URI is still /", async () => {
    expect((await v3(() => true, {}, `http://127.0.0.1:${emulator.port}`)).status).toBe(200);
  });

  // api NOTES.md: "CanonicalHeaders are `name:trimmed-value\n` for host, content-type and every `x-acs-*` header".
  it.each([
    ["host", {}],
    ["x-acs-action", {}],
    ["x-acs-credentials-provider", { "x-acs-credentials-provider": "static_ak" }],
    // Unsigned, it could be changed on the way so that a form body's parameters go unread while its hash still matches.
    ["content-type", { "content-type": "application/x-www-form-urlencoded" }],
  ])("refuses a request that leaves %s out of SignedHeaders", async (name, extra) => {
    const answer = await v3((header) => header !== name, extra);
    expect(answer.status).toBe(400);
    expect(answer.json()).toMatchObject({ Code: "IncompleteSignature" });
    expect(String(answer.json().Message)).toContain(name);
  });
});

describe("SignatureNonceUsed", () => {
  it.each(["v3", "v2"] as const)("refuses the exact bytes of an SDK (%s) request sent a second time", async (scheme) => {
    const proxy = await recordingProxy(emulator.port);
    try {
      const first = await vpcSdk(proxy.port, scheme).describeFlowLogs(describeRequest());
      expect(first.statusCode).toBe(200);
      const again = await replay(emulator.port, proxy.recorded[0]!);
      expect(again.status).toBe(400);
      expect(again.json().Code).toBe("SignatureNonceUsed");
    } finally {
      await proxy.close();
    }
  });

  it("refuses a replayed pop-core GET", async () => {
    const proxy = await recordingProxy(emulator.port);
    try {
      await popClient(proxy.port).request("DescribeFlowLogs", { RegionId: "cn-hangzhou" });
      const again = await replay(emulator.port, proxy.recorded[0]!);
      expect(again.json().Code).toBe("SignatureNonceUsed");
    } finally {
      await proxy.close();
    }
  });

  it("does not burn a nonce when the signature is wrong", async () => {
    const nonce = `nonce-${Date.now()}`;
    const bad = signedV2Query("DescribeFlowLogs", { RegionId: "cn-hangzhou" }, { SignatureNonce: nonce }, "not-the-secret");
    expect((await rawRequest(emulator.port, { path: `/?${bad}` })).json().Code).toBe("SignatureDoesNotMatch");
    const good = signedV2Query("DescribeFlowLogs", { RegionId: "cn-hangzhou" }, { SignatureNonce: nonce });
    expect((await rawRequest(emulator.port, { path: `/?${good}` })).status).toBe(200);
  });
});

describe("InvalidTimeStamp", () => {
  it("refuses an SDK request whose clock is 20 minutes behind the server's", async () => {
    const ahead = await startEmulator({ clock: { ...systemClock, now: () => Date.now() + 20 * 60 * 1000 } });
    try {
      for (const scheme of ["v3", "v2"] as const) {
        const error = await failure(() => vpcSdk(ahead.port, scheme).describeFlowLogs(describeRequest()));
        expect(error.code).toBe("InvalidTimeStamp.Expired");
        expect(error.statusCode).toBe(400);
      }
    } finally {
      await ahead.stop();
    }
  });

  it("accepts a timestamp 14 minutes old and refuses one 16 minutes old or malformed", async () => {
    const at = (minutes: number) => v2Timestamp(Date.now() - minutes * 60_000);
    const send = async (timestamp: string) =>
      rawRequest(emulator.port, { path: `/?${signedV2Query("DescribeFlowLogs", { RegionId: "cn-hangzhou" }, { Timestamp: timestamp })}` });
    expect((await send(at(14))).status).toBe(200);
    expect((await send(at(16))).json().Code).toBe("InvalidTimeStamp.Expired");
    expect((await send("yesterday")).json().Code).toBe("InvalidTimeStamp.Format");
  });
});

describe("keys and tokens", () => {
  it("answers 404 InvalidAccessKeyId.NotFound for an unknown key", async () => {
    const error = await failure(() => vpcSdk(emulator.port, "v3", { accessKeyId: "nobody" }).describeFlowLogs(describeRequest()));
    expect(error.code).toBe("InvalidAccessKeyId.NotFound");
    expect(error.statusCode).toBe(404);
  });

  it("refuses an STS key without its token, with another key's token, or with an unknown token", async () => {
    const missing = await failure(() => vpcSdk(emulator.port, "v3", { ...STS, securityToken: undefined }).describeFlowLogs(describeRequest()));
    expect(missing.code).toBe("MissingSecurityToken");
    const other = await failure(() =>
      vpcSdk(emulator.port, "v3", { ...STS, securityToken: OTHER_STS.securityToken }).describeFlowLogs(describeRequest()),
    );
    expect(other.code).toBe("InvalidSecurityToken.MismatchWithAccessKey");
    const unknown = await failure(() => popClient(emulator.port, { ...STS, securityToken: "made-up" }).request("DescribeFlowLogs", { RegionId: "cn-hangzhou" }));
    expect(unknown.code).toBe("InvalidSecurityToken.Malformed");
    for (const error of [missing, other, unknown]) {
      expect(error.message).not.toContain(STS.securityToken);
      expect(error.message).not.toContain(STS.accessKeySecret);
    }
  });

  it("never echoes a security token in the string to sign of SignatureDoesNotMatch", async () => {
    const error = await failure(() =>
      popClient(emulator.port, { ...STS, accessKeySecret: "wrong" }).request("DescribeFlowLogs", { RegionId: "cn-hangzhou" }),
    );
    expect(error.code).toBe("SignatureDoesNotMatch");
    expect(JSON.stringify(error.data)).not.toContain(STS.securityToken);
  });
});

describe("actions, versions and parameters", () => {
  it("answers 404 InvalidAction.NotFound for an unknown action (pop-core)", async () => {
    const error = await failure(() => popClient(emulator.port).request("DescribeInstances", { RegionId: "cn-hangzhou" }));
    expect(error.code).toBe("InvalidAction.NotFound");
    expect(error.entry?.response?.statusCode).toBe(404);
  });

  it("answers InvalidVersion for another API version", async () => {
    const answer = await rawRequest(emulator.port, { path: `/?${signedV2Query("DescribeFlowLogs", { RegionId: "cn-hangzhou" }, { Version: "2014-05-26" })}` });
    expect(answer.status).toBe(400);
    expect(answer.json().Code).toBe("InvalidVersion");
  });

  it.each([
    ["Action", { Action: undefined }],
    ["Version", { Version: undefined }],
    ["SignatureNonce", { SignatureNonce: undefined }],
    ["Timestamp", { Timestamp: undefined }],
    ["AccessKeyId", { AccessKeyId: undefined }],
  ])("answers MissingParameter naming %s", async (name, overrides) => {
    const answer = await rawRequest(emulator.port, { path: `/?${signedV2Query("DescribeFlowLogs", { RegionId: "cn-hangzhou" }, overrides)}` });
    expect(answer.status).toBe(400);
    expect(answer.json().Code).toBe("MissingParameter");
    expect(String(answer.json().Message)).toContain(`"${name}"`);
  });

  it("answers MissingParameter for an unsigned request", async () => {
    const answer = await rawRequest(emulator.port, { path: "/?Action=DescribeFlowLogs&Version=2016-04-28&RegionId=cn-hangzhou" });
    expect(answer.json()).toMatchObject({ Code: "MissingParameter" });
  });

  it("answers a V3-style request (x-acs-action) without Authorization as one with a malformed Authorization", async () => {
    const answer = await rawRequest(emulator.port, {
      method: "POST",
      path: "/?RegionId=cn-hangzhou",
      headers: { "x-acs-action": "DescribeFlowLogs", "x-acs-version": "2016-04-28" },
    });
    expect(answer.status).toBe(400);
    expect(answer.json()).toMatchObject({ Code: "IncompleteSignature" });
    expect(String(answer.json().Message)).toContain("Authorization");
    expect(String(answer.json().Message)).not.toContain('"Action"');
  });

  it("accepts V2 common parameters in the query and business parameters in a form body (Terraform style)", async () => {
    const all = new URLSearchParams(signedV2Query("DescribeFlowLogs", { RegionId: "cn-hangzhou", PageSize: "5" }, {}, KEY_SECRET, "POST"));
    const form = new URLSearchParams({ RegionId: all.get("RegionId")!, PageSize: all.get("PageSize")! });
    all.delete("RegionId");
    all.delete("PageSize");
    const answer = await rawRequest(emulator.port, {
      method: "POST",
      path: `/?${all.toString()}`,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: form.toString(),
    });
    expect(answer.status).toBe(200);
    expect(answer.json().PageSize).toBe("5");
  });

  it("accepts Format=json in lower case and a missing content-type with an empty body", async () => {
    const query = signedV2Query("DescribeFlowLogs", { RegionId: "cn-hangzhou" }, { Format: "json" }, KEY_SECRET, "POST");
    const answer = await rawRequest(emulator.port, { method: "POST", path: `/?${query}` });
    expect(answer.status).toBe(200);
  });
});

describe("the error wire format", () => {
  it("answers exactly {RequestId, HostId, Code, Message, Recommend} as application/json;charset=utf-8", async () => {
    const answer = await rawRequest(emulator.port, { path: `/?${signedV2Query("NoSuchAction", {})}` });
    expect(answer.headers["content-type"]).toBe("application/json;charset=utf-8");
    const body = answer.json();
    expect(Object.keys(body)).toEqual(["RequestId", "HostId", "Code", "Message", "Recommend"]);
    expect(body.RequestId).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);
    expect(body.HostId).toBe("vpc.aliyuncs.com");
    expect(body.Recommend).toBe("https://error-center.aliyun.com/status/search?Keyword=InvalidAction.NotFound&source=PopGw");
    expect(answer.headers["x-acs-request-id"]).toBe(body.RequestId);
  });

  it("answers the model's own errors (ServiceError) with the same shape", async () => {
    const answer = await rawRequest(emulator.port, { path: `/?${signedV2Query("DescribeFlowLogs", { RegionId: "xx-nowhere-1" })}` });
    expect(answer.status).toBe(400);
    expect(answer.json()).toMatchObject({ Code: "InvalidRegionId.NotFound", HostId: "vpc.aliyuncs.com" });
  });
});
