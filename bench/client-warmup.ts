/**
 * How a fresh process's CPU per request falls as V8 warms up (not a test): one contender (`ours`, the built client, or
 * `raw-undici`, bare undici with one request built once by ours, as in bench/client-worker.ts) calls DescribeFlowLogs on
 * bench/client-server.ts (started here, in its own process) in batches of 500, and the CPU µs per request of every batch
 * is printed. Run after `npm run build`:
 * `node --experimental-strip-types --no-warnings bench/client-warmup.ts ours|raw-undici [inFlight=16] [batches=30]`.
 *
 * Why it exists: bench/client.ts once warmed up 1000 calls, and V8 was still compiling (TurboFan, on background threads
 * that `process.cpuUsage()` counts) until some 5000-7500 calls, more of it for ours (signing, limiter, answer pass) than
 * for raw undici. On 2026-11-29 at 16 in flight ours fell from ~800 µs (first 500) through ~300 (calls 1000-4000) to
 * ~100, raw undici from ~500 through ~200 to ~70. Pass `--trace-opt` to see what is still being compiled.
 */
// Plain `require` and erasable types only, like client-worker.ts: the file runs under `node --experimental-strip-types`.
const { spawn } = require("node:child_process") as typeof import("node:child_process");
const { join } = require("node:path") as typeof import("node:path");

const BATCH = 500;
const CREDENTIALS = { accessKeyId: "bench-key-id", accessKeySecret: "bench-key-secret" };
const DIR = "../dist/client";

type Call = () => Promise<unknown>;

function ours(port: number): Call {
  const { VpcClient } = require(DIR) as typeof import("../src/client");
  const client = new VpcClient({
    endpoint: `http://127.0.0.1:${port}`,
    regionId: "cn-hangzhou",
    credentials: CREDENTIALS,
    env: {},
    credentialsChain: false,
    rateLimit: { requestsPerSecond: 1e9, burst: 1e9 },
  });
  return () => client.describeFlowLogs({ regionId: "cn-hangzhou" });
}

function rawUndici(port: number): Call {
  const { Agent } = require("undici") as typeof import("undici");
  const { transportAgentOptions } = require(`${DIR}/transport`) as typeof import("../src/client/transport");
  const { buildSignedRequest } = require(`${DIR}/wire`) as typeof import("../src/client/wire");
  const origin = `http://127.0.0.1:${port}`;
  const { request } = buildSignedRequest({
    action: "DescribeFlowLogs",
    params: { RegionId: "cn-hangzhou" },
    endpoint: { origin, host: `127.0.0.1:${port}` },
    credentials: CREDENTIALS,
    date: new Date(),
    nonce: "00000000-0000-4000-8000-000000000000",
    signatureVersion: "v3",
  });
  const agent = new Agent(transportAgentOptions());
  const options = { origin, path: request.path, method: request.method, headers: request.headers as string[], body: request.body ?? null };
  return () =>
    new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      agent.dispatch(options, {
        onRequestStart: () => undefined,
        onResponseStart: () => undefined,
        onResponseData: (_controller, chunk) => void chunks.push(chunk),
        onResponseEnd: () => resolve(JSON.parse(Buffer.concat(chunks).toString("utf8"))),
        onResponseError: (_controller, error) => reject(error),
      });
    });
}

async function drive(call: Call, count: number, inFlight: number): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      next++;
      await call();
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
}

async function main(): Promise<void> {
  const [contender = "ours", inFlight = "16", batches = "30"] = process.argv.slice(2);
  if (contender !== "ours" && contender !== "raw-undici") throw new Error(`unknown contender ${contender} (ours, raw-undici)`);
  const server = spawn(process.execPath, ["--experimental-strip-types", "--no-warnings", join(__dirname, "client-server.ts")], { stdio: ["ignore", "pipe", "inherit"] });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      server.once("error", reject);
      server.stdout!.once("data", (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
    });
    const call = contender === "ours" ? ours(port) : rawUndici(port);
    const perBatch: number[] = [];
    for (let i = 0; i < Number(batches); i++) {
      const before = process.cpuUsage();
      await drive(call, BATCH, Number(inFlight));
      const cpu = process.cpuUsage(before);
      perBatch.push(Math.round((cpu.user + cpu.system) / BATCH));
    }
    console.log(`${contender}, ${inFlight} in flight, CPU µs/request per batch of ${BATCH}: ${perBatch.join(" ")}`);
  } finally {
    server.kill("SIGTERM");
  }
  process.exit(0);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
