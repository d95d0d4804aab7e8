/**
 * The emulator also accepts the official V3 SDK's canonical query (names unencoded, values encoded; protocol/v3.ts). A
 * name holding "=" or "&" could then stand for several signed pairs: a request signed for {FlowLogName, PageSize,
 * RegionId} re-sent as {"FlowLogName=mine&PageSize", RegionId} with the same signature would lose its filter. Such
 * requests must be SignatureDoesNotMatch, as any request whose parameters differ from the signed ones.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canonicalQueryString, sha256Hex, signV3 } from "../../src/client/signing";
import { startEmulator, type RunningEmulator } from "../../src/emulator";
import { KEY_ID, KEY_SECRET, rawRequest, v3Headers } from "./helpers";

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
});
afterAll(async () => {
  await emulator.stop();
});

/** Signs `signedQuery` the documented way, then sends `sentPath` (the URL's query) with that signature. */
async function send(signedQuery: Record<string, string>, sentPath: string) {
  const canonicalQuery = canonicalQueryString(signedQuery);
  const headers = v3Headers(emulator.port);
  const { authorization } = signV3({ method: "POST", query: signedQuery, canonicalQuery, headers, hashedPayload: sha256Hex(""), accessKeyId: KEY_ID, accessKeySecret: KEY_SECRET });
  return rawRequest(emulator.port, { method: "POST", path: sentPath, headers: { ...headers, authorization } });
}

describe("V3: the SDK's canonical form must not let other parameters through", () => {
  const signed = { FlowLogName: "mine", PageSize: "10", RegionId: "cn-hangzhou" };

  it("control: the signed parameters themselves are accepted", async () => {
    const answer = await send(signed, `/?${canonicalQueryString(signed)}`);
    expect(answer.status).toBe(200);
  });

  it("refuses the signed pairs regrouped into one parameter named 'FlowLogName=mine&PageSize' (a filter dropped)", async () => {
    // Parsed by the emulator as { "FlowLogName=mine&PageSize": "10", RegionId: "cn-hangzhou" }: not what was signed.
    const answer = await send(signed, `/?${encodeURIComponent("FlowLogName=mine&PageSize")}=10&RegionId=cn-hangzhou`);
    expect({ status: answer.status, code: answer.json().Code }).toEqual({ status: 400, code: "SignatureDoesNotMatch" });
  });

  it("refuses 'PageSize=10&RegionId' as one name (RegionId dropped: passes the signature check, then MissingParameter)", async () => {
    const answer = await send(signed, `/?FlowLogName=mine&${encodeURIComponent("PageSize=10&RegionId")}=cn-hangzhou`);
    expect({ status: answer.status, code: answer.json().Code }).toEqual({ status: 400, code: "SignatureDoesNotMatch" });
  });
});
