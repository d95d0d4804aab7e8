/**
 * Child process of keepalive.test.ts: makes one call in the given scenario against the parent's server, prints
 * `settled <outcome>` and returns WITHOUT closing the client. Whatever keeps the process alive afterwards (a timer, a
 * socket) shows up as a late exit in the parent.
 */
import { VpcClient } from "../../../src/client/vpc-client";

const [url, scenario] = process.argv.slice(2) as [string, string];

async function main(): Promise<void> {
  const client = new VpcClient({
    endpoint: url,
    regionId: "cn-hangzhou",
    credentials: { accessKeyId: "child-key", accessKeySecret: "child-secret" },
    env: {},
    credentialsChain: false,
    rateLimit: scenario === "abort-limiter" ? { requestsPerSecond: 0.5, burst: 1 } : false,
    retry: { baseDelayMs: 5000, maxDelayMs: 5000, maxAttempts: 3, deadlineMs: 20_000 },
    random: () => 0.99,
  });
  const controller = new AbortController();
  let outcome = "ok";
  try {
    switch (scenario) {
      case "ok":
      case "abort-hang":
      case "abort-body":
        if (scenario !== "ok") setTimeout(() => controller.abort(), 150).unref();
        await client.describeFlowLogs({}, { signal: controller.signal });
        break;
      case "deadline-hang":
        await client.describeFlowLogs({}, { deadlineMs: 150 });
        break;
      case "abort-backoff":
        await client.describeFlowLogs({}, { signal: controller.signal, onRetry: () => void setTimeout(() => controller.abort(), 50).unref() });
        break;
      case "abort-limiter":
        await client.describeFlowLogs();
        setTimeout(() => controller.abort(), 100).unref();
        await client.describeFlowLogs({}, { signal: controller.signal });
        break;
      case "timeout-headers":
        await new VpcClient({
          endpoint: url,
          regionId: "cn-hangzhou",
          credentials: { accessKeyId: "child-key", accessKeySecret: "child-secret" },
          env: {},
          credentialsChain: false,
          rateLimit: false,
          timeouts: { headersMs: 150 },
          retry: { maxAttempts: 1 },
        }).describeFlowLogs();
        break;
      default:
        throw new Error(`unknown scenario ${scenario}`);
    }
  } catch (e) {
    outcome = (e as { reason?: string }).reason ?? (e as Error).name;
  }
  process.stdout.write(`settled ${outcome}\n`);
}

void main();
