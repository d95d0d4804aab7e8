import { describe, expect, it } from "vitest";
import { signV2, stringToSignV2 } from "../../../src/client/signing";

// Both examples are the documented V2 examples quoted in /work/shared/api/NOTES.md ("Signatures").
describe("signV2: documented examples", () => {
  it("DescribeDedicatedHosts (GET, JSON) gives 9NaGiOspFP5UPcwX8Iwt2YJXXuk=", () => {
    const params = {
      AccessKeyId: "testid",
      Action: "DescribeDedicatedHosts",
      Format: "JSON",
      RegionId: "cn-beijing",
      SignatureMethod: "HMAC-SHA1",
      SignatureNonce: "edb2b34af0af9a6d14deaf7c1a5315eb",
      SignatureVersion: "1.0",
      Timestamp: "2023-03-13T08:34:30Z",
      Version: "2014-05-26",
    };
    expect(signV2({ method: "GET", params, accessKeySecret: "testsecret" })).toBe("9NaGiOspFP5UPcwX8Iwt2YJXXuk=");
  });

  it("DescribeRegions (GET, XML, key spelled TimeStamp) gives CT9X0VtwR86fNWSnsc6v8YGOjuE=", () => {
    const params = {
      Version: "2014-05-26",
      TimeStamp: "2016-02-23T12:46:24Z",
      SignatureVersion: "1.0",
      SignatureNonce: "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
      SignatureMethod: "HMAC-SHA1",
      Format: "XML",
      Action: "DescribeRegions",
      AccessKeyId: "testid",
    };
    // The page prints this string with `&` where `%26` belongs; this is the correct form.
    expect(stringToSignV2("GET", params)).toBe(
      "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1" +
        "%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0" +
        "%26TimeStamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26",
    );
    expect(signV2({ method: "GET", params, accessKeySecret: "testsecret" })).toBe("CT9X0VtwR86fNWSnsc6v8YGOjuE=");
  });
});

describe("signV2: rules", () => {
  const base = { Action: "DescribeFlowLogs", RegionId: "cn-hangzhou", AccessKeyId: "id" };

  it("leaves a Signature parameter out of what is signed, so a verifier can pass the whole request", () => {
    const withSignature = { ...base, Signature: "whatever=" };
    expect(stringToSignV2("POST", withSignature)).toBe(stringToSignV2("POST", base));
    expect(stringToSignV2("POST", base)).not.toContain("Signature");
  });

  it("covers the method, every name and every value", () => {
    const reference = signV2({ method: "POST", params: base, accessKeySecret: "s" });
    expect(signV2({ method: "GET", params: base, accessKeySecret: "s" })).not.toBe(reference);
    expect(signV2({ method: "POST", params: { ...base, RegionId: "cn-shanghai" }, accessKeySecret: "s" })).not.toBe(reference);
    expect(signV2({ method: "POST", params: { ...base, Extra: "" }, accessKeySecret: "s" })).not.toBe(reference);
    expect(signV2({ method: "POST", params: base, accessKeySecret: "t" })).not.toBe(reference);
  });

  it("double-encodes values inside the string to sign (space -> %2520, * -> %252A)", () => {
    expect(stringToSignV2("GET", { Description: "a b*" })).toBe("GET&%2F&Description%3Da%2520b%252A");
  });

  it("signs a parameter named __proto__ like any other (it is sent, so it must be signed)", () => {
    const params = JSON.parse('{"__proto__":"x","Action":"A"}') as Record<string, string>;
    expect(stringToSignV2("POST", params)).toBe("POST&%2F&Action%3DA%26__proto__%3Dx");
  });
});
