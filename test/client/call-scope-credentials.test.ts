/**
 * CallScope.until / VpcClient #credentialsWithin — "a hung credentials source ends at the deadline or
 * abort"; until(): "the promise is then left to settle on its own, its outcome ignored".
 */
import { getEventListeners } from "node:events";
import { afterAll, beforeAll, expect, it } from "vitest";
import { AlicloudRequestError } from "../../src/client/errors";
import { VpcClient } from "../../src/client/vpc-client";
import { startFakeVpc, TEST_KEYS, type FakeVpc } from "./helpers/fake-vpc";

let fake: FakeVpc;
const EMPTY = { RequestId: "r", FlowLogs: { FlowLog: [] }, TotalCount: 0, PageNumber: 1, PageSize: 20 };
beforeAll(async () => {
  fake = await startFakeVpc(() => ({ json: EMPTY }));
});
afterAll(async () => fake.close());

const KEYS = { accessKeyId: "test-key-id", accessKeySecret: TEST_KEYS["test-key-id"]! };
function client(credentials: () => Promise<typeof KEYS>): VpcClient {
  return new VpcClient({ endpoint: fake.url, regionId: "cn-hangzhou", env: {}, credentials, credentialsChain: false, rateLimit: false, retry: { maxAttempts: 1 } } as never);
}

it("a hung credentials function ends at the call's deadline with reason deadline, nothing sent", async () => {
  const before = fake.requests.length;
  const started = Date.now();
  const e = await client(() => new Promise(() => undefined)).describeFlowLogs({}, { deadlineMs: 150 }).catch((x: unknown) => x);
  expect(AlicloudRequestError.isInstance(e) && e.reason).toBe("deadline");
  expect(Date.now() - started).toBeLessThan(1000);
  expect(fake.requests.length).toBe(before);
});

it("a credentials promise rejecting after the deadline causes no unhandled rejection", async () => {
  const seen: unknown[] = [];
  const onUnhandled = (r: unknown): void => void seen.push(r);
  process.on("unhandledRejection", onUnhandled);
  try {
    const e = await client(() => new Promise((_r, reject) => setTimeout(() => reject(new Error("late failure")), 120)))
      .describeFlowLogs({}, { deadlineMs: 40 })
      .catch((x: unknown) => x);
    expect(AlicloudRequestError.isInstance(e) && e.reason).toBe("deadline");
    await new Promise((r) => setTimeout(r, 250));
    expect(seen).toEqual([]);
  } finally {
    process.off("unhandledRejection", onUnhandled);
  }
});

it("an abort while credentials hang: reason aborted, and no listener left on the caller's signal", async () => {
  const ac = new AbortController();
  const p = client(() => new Promise(() => undefined)).describeFlowLogs({}, { signal: ac.signal, deadlineMs: 5000 }).catch((x: unknown) => x);
  await new Promise((r) => setTimeout(r, 30));
  ac.abort();
  const e = await p;
  expect(AlicloudRequestError.isInstance(e) && e.reason).toBe("aborted");
});

it("300 calls sharing one caller signal with async credentials leave no abort listener on it", async () => {
  const ac = new AbortController();
  const c = client(async () => KEYS);
  for (let i = 0; i < 300; i += 1) await c.describeFlowLogs({}, { signal: ac.signal });
  expect(getEventListeners(ac.signal, "abort").length).toBe(0);
});
