/**
 * A read answered 200 with a body that cannot be read (empty, blank, a JSON array, half an object) is asked again, as
 * after a reset (README: "a read answered so (a body that is empty or not JSON) is asked again").
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AlicloudResponseError } from "../../src/client/errors";
import { json, KEY_ID, SECRET, startRawServer, TestClients, type RawServer } from "../client/helpers/raw-server";

let server: RawServer;
const clients = new TestClients(() => ({
  endpoint: server.url,
  credentials: { accessKeyId: KEY_ID, accessKeySecret: SECRET },
  rateLimit: false,
  retry: { baseDelayMs: 5, maxDelayMs: 20, maxAttempts: 3 },
}));
const OK = { RequestId: "ok", FlowLogs: { FlowLog: [] }, TotalCount: 0, PageNumber: 1, PageSize: 10 };

beforeAll(async () => {
  server = await startRawServer((_req, socket) => json(socket, 200, OK));
});
afterAll(async () => {
  await clients.closeAll();
  await server.close();
});

describe("README: a read answered 2xx with a body that is not JSON is asked again", () => {
  for (const [label, body] of [
    ["an empty body", ""],
    ["white space only", "  \n"],
    ["a JSON array (not an object)", "[]"],
    ["half a JSON object", '{"RequestId":"x","FlowLogs":'],
  ] as const) {
    it(`${label}: asked again, then the answer`, async () => {
      const before = server.requests.length;
      let n = 0;
      server.behaviour = (_req, socket) => (n++ === 0 ? json(socket, 200, body) : json(socket, 200, OK));
      let error: unknown;
      const result = await clients
        .make()
        .describeFlowLogs({ regionId: "cn-hangzhou" })
        .catch((e: unknown) => {
          error = e;
          return undefined;
        });
      const calls = server.requests.length - before;
      expect(
        { calls, error: error === undefined ? undefined : `${(error as Error).name}: ${(error as Error).message}` },
        "the first answer was not JSON: the read should be asked again",
      ).toEqual({ calls: 2, error: undefined });
      expect(result).toBeDefined();
      void AlicloudResponseError;
    });
  }
});
