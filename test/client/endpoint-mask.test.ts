/**
 * Endpoint errors never repeat what may hold a secret (user info, a query, a fragment, a path), yet still name the host:
 * a key or token pasted into an endpoint must not reach errors or logs.
 */
import { describe, expect, it } from "vitest";
import { parseEndpoint } from "../../src/client/endpoint";

function messageOf(text: string): string {
  try {
    parseEndpoint(text);
  } catch (e) {
    return (e as Error).message;
  }
  return "(parsed)";
}

describe("endpoint masking", () => {
  it("a non-http scheme with a token after '@' in the query: the token must not reach the error", () => {
    const m = messageOf("ftp://vpc.example.com/?token=abc@SECRETTOKEN123");
    expect(m).not.toContain("SECRETTOKEN123");
  });

  it("an unparseable endpoint (space in host) with '#' then '@' in the fragment: the secret must not reach the error", () => {
    const m = messageOf("https://vpc example.com/#k=a@FRAGSECRET456");
    expect(m).not.toContain("FRAGSECRET456");
  });

  it("a password containing '@' on a non-http scheme: no part of the password reaches the error", () => {
    const m = messageOf("ftp://LTAIkey:pa@ssWORDtail789@vpc.example.com");
    expect(m).not.toContain("ssWORDtail789");
  });

  it("an unparseable bare host (no scheme) with '@' in its query: the token after '@' must not reach the error", () => {
    const m = messageOf("vpc cn-hangzhou.aliyuncs.com?token=x@NOSCHEMESECRET42");
    expect(m).not.toContain("NOSCHEMESECRET42");
  });

  it("a wrong scheme on a plain host: the message still names the host (it holds no secret)", () => {
    const m = messageOf("ftp://vpc.cn-hangzhou.aliyuncs.com");
    expect(m).toContain("vpc.cn-hangzhou.aliyuncs.com");
  });

  it("an unparseable host with a scheme: the message still shows the host part", () => {
    const m = messageOf("https://vpc cn-hangzhou.aliyuncs.com");
    expect(m).toContain("aliyuncs.com");
  });

  it("IPv6, bare host:port, credentials on http are parsed or reported by origin only", () => {
    expect(parseEndpoint("http://[::1]:8080").origin).toBe("http://[::1]:8080");
    expect(parseEndpoint("127.0.0.1:8443").origin).toBe("https://127.0.0.1:8443");
    expect(messageOf("https://id:SEC@vpc.example.com/p?x=SEC2#SEC3")).not.toMatch(/SEC/);
    expect(messageOf("http://[::1:8080/#token=SECRETV6")).not.toContain("SECRETV6");
    expect(messageOf("ftp://" + "a".repeat(500) + "?t=LONGSECRET").length).toBeLessThan(400);
  });
});
