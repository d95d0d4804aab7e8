/**
 * Benchmark (not a test): our VpcClient against the official `@alicloud/vpc20160428` SDK, both calling DescribeFlowLogs on
 * the same local server, sequentially and with 16 requests in flight. Prints a table and the ratios, writes
 * bench/results/client.json. Run with `npm run bench:client`; BENCH_REQUESTS sets the requests per run (default 3000),
 * BENCH_ROUNDS the rounds (default 3: the clients alternate, each keeps its warmed-up instance, the median round counts).
 *
 * The server runs in a child process so `process.cpuUsage()` here measures the clients only. It answers a fixed
 * DescribeFlowLogs page of 10 flow logs without checking signatures, so both clients pay the same server cost.
 * Our client runs with its rate limiter on but set far above the load (the default 20/s would measure the limit).
 * The official SDK is pointed at the server as NOTES.md says: `endpoint: "127.0.0.1:PORT", protocol: "http"`.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { $OpenApiUtil } from "@alicloud/openapi-core";
import Vpc, { DescribeFlowLogsRequest } from "@alicloud/vpc20160428";
import { VpcClient } from "../src/client";

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 3000);
const WARMUP = Math.min(500, REQUESTS);
/** Rounds per client and mode, alternating the clients; the median round is reported (this host's speed drifts). */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const IN_FLIGHT = 16;
const CREDENTIALS = { accessKeyId: "bench-key-id", accessKeySecret: "bench-key-secret" };

/** The server's code, run with `node -e`: one canned DescribeFlowLogs answer, keep-alive on. */
const SERVER_SOURCE = `
const http = require("node:http");
const flowLogs = Array.from({ length: 10 }, (_, i) => ({
  FlowLogId: "fl-bench" + String(i).padStart(4, "0"), FlowLogName: "bench", Status: "Active", AggregationInterval: 10,
  ResourceType: "VPC", ResourceId: "vpc-demo0001", TrafficType: "All", ProjectName: "flowlog-project",
  LogStoreName: "flowlog-store", RegionId: "cn-hangzhou", CreationTime: "2024-01-01T00:00:00Z",
  TrafficPath: { TrafficPathList: ["all"] }, Tags: { Tag: [{ Key: "env", Value: "bench" }] },
}));
let n = 0;
const server = http.createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    const body = JSON.stringify({ RequestId: "bench-" + ++n, Success: true, TotalCount: 10, PageNumber: 1, PageSize: 20, FlowLogs: { FlowLog: flowLogs } });
    res.writeHead(200, { "content-type": "application/json;charset=utf-8", "content-length": Buffer.byteLength(body) });
    res.end(body);
  });
});
server.keepAliveTimeout = 30000;
server.listen(0, "127.0.0.1", () => console.log(server.address().port));
`;

interface Server {
  readonly port: number;
  readonly child: ChildProcess;
}

async function startServer(): Promise<Server> {
  const child = spawn(process.execPath, ["-e", SERVER_SOURCE], { stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once("error", reject);
    child.stdout!.once("data", (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
  });
  return { port, child };
}

/** One way of calling DescribeFlowLogs once. */
interface Contender {
  readonly name: string;
  call(): Promise<unknown>;
  close(): Promise<void>;
}

function ours(port: number): Contender {
  const client = new VpcClient({
    endpoint: `http://127.0.0.1:${port}`,
    regionId: "cn-hangzhou",
    credentials: CREDENTIALS,
    env: {},
    credentialsChain: false,
    rateLimit: { requestsPerSecond: 1e9, burst: 1e9 },
  });
  return { name: "pulumi-alicloud-flowlog VpcClient", call: () => client.describeFlowLogs({ regionId: "cn-hangzhou" }), close: () => client.close() };
}

function official(port: number): Contender {
  const client = new Vpc(new $OpenApiUtil.Config({ ...CREDENTIALS, regionId: "cn-hangzhou", endpoint: `127.0.0.1:${port}`, protocol: "http" }));
  return { name: "@alicloud/vpc20160428 7.3.2", call: () => client.describeFlowLogs(new DescribeFlowLogsRequest({ regionId: "cn-hangzhou" })), close: async () => undefined };
}

interface RunResult {
  readonly client: string;
  readonly mode: "sequential" | "16 in flight";
  readonly requests: number;
  readonly seconds: number;
  readonly requestsPerSecond: number;
  /** User + system CPU of this process per request, microseconds. */
  readonly cpuMicrosPerRequest: number;
  /** Resident set size after the run, MiB. */
  readonly rssMiB: number;
  /** Heap in use after the run, MiB. */
  readonly heapUsedMiB: number;
  /** Highest RSS sampled during the run, MiB. */
  readonly peakRssMiB: number;
}

async function drive(contender: Contender, count: number, inFlight: number): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      next++;
      await contender.call();
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
}

const MiB = 1024 * 1024;

async function run(contender: Contender, inFlight: number): Promise<RunResult> {
  let peak = process.memoryUsage.rss();
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
  const cpuBefore = process.cpuUsage();
  const began = process.hrtime.bigint();
  await drive(contender, REQUESTS, inFlight);
  const seconds = Number(process.hrtime.bigint() - began) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  clearInterval(sampler);
  const memory = process.memoryUsage();
  return {
    client: contender.name,
    mode: inFlight === 1 ? "sequential" : "16 in flight",
    requests: REQUESTS,
    seconds: round(seconds, 3),
    requestsPerSecond: round(REQUESTS / seconds, 0),
    cpuMicrosPerRequest: round((cpu.user + cpu.system) / REQUESTS, 1),
    rssMiB: round(memory.rss / MiB, 1),
    heapUsedMiB: round(memory.heapUsed / MiB, 1),
    peakRssMiB: round(Math.max(peak, memory.rss) / MiB, 1),
  };
}

/** The round with the median throughput. */
function median(rounds: readonly RunResult[]): RunResult {
  const sorted = [...rounds].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

function table(results: readonly RunResult[]): string {
  const head = ["client", "mode", "req/s", "CPU µs/req", "RSS MiB", "peak RSS MiB", "heap MiB"];
  const rows = results.map((r) => [r.client, r.mode, String(r.requestsPerSecond), String(r.cpuMicrosPerRequest), String(r.rssMiB), String(r.peakRssMiB), String(r.heapUsedMiB)]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ");
  return [line(head), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

async function main(): Promise<void> {
  const server = await startServer();
  const results: RunResult[] = [];
  const contenders = [ours(server.port), official(server.port)];
  try {
    for (const c of contenders) await drive(c, WARMUP, IN_FLIGHT);
    for (const inFlight of [1, IN_FLIGHT]) {
      const rounds = contenders.map(() => [] as RunResult[]);
      for (let round = 0; round < ROUNDS; round++) {
        for (const [i, c] of contenders.entries()) rounds[i]!.push(await run(c, inFlight));
      }
      results.push(...rounds.map(median));
    }
  } finally {
    await Promise.all(contenders.map((c) => c.close()));
    server.child.kill();
  }
  const ratio = (mode: RunResult["mode"]): number => {
    const [a, b] = results.filter((r) => r.mode === mode);
    return round(a!.requestsPerSecond / b!.requestsPerSecond, 2);
  };
  const ratios = { sequential: ratio("sequential"), inFlight16: ratio("16 in flight") };
  console.log(table(results));
  console.log(`\nthroughput ratio (ours / official): sequential ${ratios.sequential}x, 16 in flight ${ratios.inFlight16}x (target: at least 2x)`);
  const out = join(__dirname, "results", "client.json");
  mkdirSync(dirname(out), { recursive: true });
  const report = { node: process.version, requestsPerRun: REQUESTS, warmup: WARMUP, rounds: ROUNDS, date: new Date().toISOString(), results, ratios };
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`written ${out}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
