/**
 * Deadlines "Infinity for none" (CallOptions.deadlineMs docstring) make retry waits unbounded by the deadline.
 * RetryQuestion.retryAfterMs (retry.ts): "The server's x-acs-retry-after, milliseconds: the delay is never shorter."
 * A wait longer than one Node timer's reach (2^31 - 1 ms, call-scope.ts MAX_TIMER_MS) must still be waited.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { VpcClient } from "../../src/client";

let server: http.Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

describe("retry wait beyond one timer's reach", () => {
  it("a retry-after of ~25 days (deadline Infinity) is not retried after 1 ms", async () => {
    let requests = 0;
    server = http.createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        requests += 1;
        res.writeHead(503, { "content-type": "application/json", "x-acs-retry-after": "2200000" });
        res.end(JSON.stringify({ RequestId: "r", Code: "ServiceUnavailable", Message: "busy" }));
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const client = new VpcClient({
      regionId: "cn-hangzhou",
      endpoint: url,
      credentials: { accessKeyId: "id", accessKeySecret: "secret" },
      rateLimit: false,
      retry: { maxAttempts: 3, deadlineMs: Number.POSITIVE_INFINITY },
    });
    const controller = new AbortController();
    const call = client.describeFlowLogs({}, { signal: controller.signal }).catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 400));
    const seen = requests;
    controller.abort();
    await call;
    await client.close();
    // Observed: 3 requests within 400 ms (systemClock.sleep's setTimeout(2.2e9) fires after 1 ms, TimeoutOverflowWarning).
    expect(seen, "the retry went before the server's x-acs-retry-after").toBe(1);
  });
});
