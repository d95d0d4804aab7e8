/**
 * `npm run demo` with a lower-case http_proxy or grpc_proxy in the environment, as on many corporate machines: the demo's
 * gRPC connection to its dynamic-provider process on 127.0.0.1 must not go to the proxy (grpc-js honours those
 * variables; src/testing/provider-process.ts turns it off for that loopback channel), as the Pulumi engine's never does.
 */
import { afterAll, describe, expect, it } from "vitest";
import { DEMO, cleanUp, demoEnv, spawnNode } from "./helpers/cli-processes";

afterAll(() => cleanUp());

describe("the demo with proxy variables set", () => {
  for (const name of ["http_proxy", "grpc_proxy"]) {
    it(`with ${name}=http://127.0.0.1:9 (nothing listens) the demo still runs on loopback`, async () => {
      const d = spawnNode(DEMO, [], demoEnv({ [name]: "http://127.0.0.1:9", FLOWLOG_DEMO_ACTIVATION_MS: "200" }));
      const { code } = await d.exited;
      // Without the channel option: exit 1, "Demo failed: Configure failed: No connection established".
      expect({ code, err: d.err() }).toEqual({ code: 0, err: "" });
      expect(d.out()).toContain("Demo finished.");
    }, 60_000);
  }
});
