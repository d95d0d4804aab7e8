/**
 * redact() against the spellings an encoder of a proxy's or gateway's page may give a secret: percent (once, twice,
 * form encoding), JSON escapes, HTML character references (decimal, hex, named); and end to end, an HTML 502 page echoing
 * the token does not carry it into the error.
 */
import { describe, expect, it } from "vitest";
import { redact } from "../../src/client/redact";

const TOKEN = "CAIS+abc/DEF=ghi+JKL/mno==";

const forms: Record<string, string> = {
  raw: TOKEN,
  "percent once": encodeURIComponent(TOKEN),
  "percent twice": encodeURIComponent(encodeURIComponent(TOKEN)),
  "JSON \\u escapes, lower case": TOKEN.replace(/\+/g, "\\u002b").replace(/\//g, "\\/"),
  "form encoding (URLSearchParams)": new URLSearchParams({ t: TOKEN }).toString().slice(2),
  "HTML entities (Go html/template writes + as &#43;)": TOKEN.replace(/\+/g, "&#43;").replace(/=/g, "&#61;"),
  "HTML hex entities (/ as &#x2F;)": TOKEN.replace(/\//g, "&#x2F;"),
};

describe("redact: a security token however a page in between wrote it", () => {
  for (const [label, text] of Object.entries(forms)) {
    it(label, () => {
      const out = redact(`proxy said: token=${text} end`, [TOKEN]);
      expect(out, `redacted text: ${out}`).toContain("[REDACTED]");
      // The token's longest alphanumeric run is never left in the clear.
      expect(out).not.toContain("JKL");
    });
  }
});

import { afterAll, beforeAll } from "vitest";
import { KEY_ID, SECRET, startRawServer, TestClients, type RawServer } from "../client/helpers/raw-server";

/** End to end: a proxy's 502 HTML page (Go html/template style) echoing the request's token, on a read. */
describe("client: a proxy's HTML error page echoing the security token", () => {
  let server: RawServer;
  const clients = new TestClients(() => ({
    endpoint: server.url,
    credentials: { accessKeyId: KEY_ID, accessKeySecret: SECRET, securityToken: TOKEN },
    rateLimit: false,
    retry: { baseDelayMs: 1, maxDelayMs: 2, maxAttempts: 1 },
  }));
  beforeAll(async () => {
    server = await startRawServer((req, socket) => {
      const token = /\r\nx-acs-security-token:\s*([^\r]+)/i.exec(req.head)?.[1] ?? "";
      const page = `<html><body>Bad gateway. token: ${token.replace(/\+/g, "&#43;").replace(/=/g, "&#61;")}</body></html>`;
      socket.write(`HTTP/1.1 502 Bad Gateway\r\ncontent-type: text/html\r\ncontent-length: ${Buffer.byteLength(page)}\r\n\r\n${page}`);
    });
  });
  afterAll(async () => {
    await clients.closeAll();
    await server.close();
  });
  it("the error does not carry the token", async () => {
    const error = await clients.make().describeFlowLogs({ regionId: "cn-hangzhou" }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error).toBeDefined();
    expect(error!.message, error!.message).not.toContain("JKL/mno");
  });
});
