/**
 * One measured run of bench/client.ts, in a fresh process of its own: one client (ours, the official SDK, or bare undici
 * sending a request captured once from ours) calls
 * DescribeFlowLogs on the bench server, first a warm-up, then `requests` calls with `inFlight` in flight. Prints one
 * JSON line ({@link WorkerResult}) on stdout. Input: the JSON of a {@link WorkerJob} in env BENCH_JOB. Run by
 * bench/client.ts as `node --experimental-strip-types bench/client-worker.ts`.
 *
 * Everything in this process is the client's: its CPU (`process.cpuUsage()`), its peak RSS (`resourceUsage().maxRSS`,
 * module loading and warm-up included) and its heap.
 */
// Plain `require` and erasable types only: the file runs under `node --experimental-strip-types`, without a TypeScript
// loader whose own memory and CPU would be charged to the client. Each contender requires only its own modules.

/** Which client, where, and how hard. */
export interface WorkerJob {
  /**
   * `baseline`: our client built from another commit (its `dist/client` folder in {@link WorkerJob.baselineDir}).
   * `raw-undici`: the transport's ceiling, undici alone (see {@link rawUndici}).
   */
  readonly contender: "ours" | "official" | "baseline" | "raw-undici";
  readonly baselineDir?: string;
  readonly port: number;
  readonly requests: number;
  readonly warmup: number;
  readonly inFlight: number;
  /**
   * Warm-up profile instead of a measured run (bench/client-warmup.ts): no warm-up, `batches` batches of `requests` calls
   * each, and one JSON line `{ "cpuMicrosPerRequest": [...] }`, the CPU µs per request of every batch.
   */
  readonly batches?: number;
}

/** What one run measured. */
export interface WorkerResult {
  readonly requests: number;
  readonly seconds: number;
  readonly requestsPerSecond: number;
  /** User + system CPU of this process during the measured calls, microseconds per request. */
  readonly cpuMicrosPerRequest: number;
  /** Highest RSS of the process over its life (loading, warm-up and run), MiB. */
  readonly peakRssMiB: number;
  /** RSS after the run, MiB. */
  readonly rssMiB: number;
  /** Heap in use after the run, MiB. */
  readonly heapUsedMiB: number;
}

const CREDENTIALS = { accessKeyId: "bench-key-id", accessKeySecret: "bench-key-secret" };
const MiB = 1024 * 1024;

/** One DescribeFlowLogs call, and how to let go of the client. */
interface Contender {
  call(): Promise<unknown>;
  close(): Promise<void>;
}

/** Our client with its rate limiter on but set far above the load (the default 20/s would measure the limit). */
function ours(port: number, dir = "../dist/client"): Contender {
  // The built package (`npm run build`), as shipped.
  const { VpcClient } = require(dir) as typeof import("../src/client");
  const client = new VpcClient({
    endpoint: `http://127.0.0.1:${port}`,
    regionId: "cn-hangzhou",
    credentials: CREDENTIALS,
    env: {},
    credentialsChain: false,
    rateLimit: { requestsPerSecond: 1e9, burst: 1e9 },
  });
  return { call: () => client.describeFlowLogs({ regionId: "cn-hangzhou" }), close: () => client.close() };
}

/**
 * The official SDK pointed at the server as api NOTES.md says (`endpoint: "127.0.0.1:PORT", protocol: "http"`), otherwise
 * with its defaults: httpx's module-wide `http.Agent({ keepAlive: true })` (no `runtime.keepAlive` given, so
 * `@darabonba/typescript` `doAction` keeps that shared keep-alive agent), V3 signing, no retries.
 */
function official(port: number): Contender {
  const { $OpenApiUtil } = require("@alicloud/openapi-core") as typeof import("@alicloud/openapi-core");
  const vpc = require("@alicloud/vpc20160428") as typeof import("@alicloud/vpc20160428");
  const client = new vpc.default(new $OpenApiUtil.Config({ ...CREDENTIALS, regionId: "cn-hangzhou", endpoint: `127.0.0.1:${port}`, protocol: "http" }));
  return { call: () => client.describeFlowLogs(new vpc.DescribeFlowLogsRequest({ regionId: "cn-hangzhou" })), close: async () => undefined };
}

/**
 * The transport's ceiling: undici alone, with the Agent options our Transport uses (`transportAgentOptions` of the built
 * package), sending one request built once by our client's own request builder (`buildSignedRequest` of `dist/client/wire`,
 * what every attempt of `describeFlowLogs({ regionId })` sends: POST, the V3 signed headers, `RegionId` in the query, no
 * body), so the bytes on the wire are ours. Per call: `dispatch` with the smallest handler (collect the chunks, one string,
 * `JSON.parse`), nothing else: no signing, no schema, no limiter, no deadline, no signal. `dispatch` is the layer under
 * undici's `request()` that our Transport also uses; `request()` would add a Readable body and an AsyncResource per call,
 * so this is the cheapest way undici can do the same exchange. Loads undici and the signing modules only.
 */
function rawUndici(port: number, dir = "../dist/client"): Contender {
  const { Agent } = require("undici") as typeof import("undici");
  const { transportAgentOptions } = require(`${dir}/transport`) as typeof import("../src/client/transport");
  const { buildSignedRequest } = require(`${dir}/wire`) as typeof import("../src/client/wire");
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
  const call = (): Promise<unknown> =>
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
  return { call, close: () => agent.close() };
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

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** CPU µs per request of each of `batches` batches of `size` calls, from the first call of a fresh process. */
async function warmupProfile(contender: Contender, size: number, batches: number, inFlight: number): Promise<number[]> {
  const perBatch: number[] = [];
  for (let i = 0; i < batches; i++) {
    const before = process.cpuUsage();
    await drive(contender, size, inFlight);
    const cpu = process.cpuUsage(before);
    perBatch.push(Math.round((cpu.user + cpu.system) / size));
  }
  return perBatch;
}

async function main(): Promise<void> {
  const job = JSON.parse(process.env.BENCH_JOB ?? "") as WorkerJob;
  const contender =
    job.contender === "official" ? official(job.port) : job.contender === "raw-undici" ? rawUndici(job.port) : ours(job.port, job.contender === "baseline" ? job.baselineDir : undefined);
  try {
    if (job.batches !== undefined) {
      console.log(JSON.stringify({ cpuMicrosPerRequest: await warmupProfile(contender, job.requests, job.batches, job.inFlight) }));
      return;
    }
    // The measured run follows the warm-up directly. No forced `gc()` in between (there was one, meant to give every client
    // the same clean heap): V8's `gc()` without options collects "all available garbage", which also throws away optimized
    // code, so the measured window re-compiled some 70 functions (`--trace-opt`: 72 completed optimizations after it
    // against 2-7 without) and charged that to the client with the most JS on its path: ours measured 5100-5700 req/s and
    // 155-180 µs CPU a request sequentially with it, 6700-8000 and 85-96 µs without (2026-12-01). Each client's garbage of
    // its own warm-up is its steady state, collected at its own rhythm.
    await drive(contender, job.warmup, job.inFlight);
    const cpuBefore = process.cpuUsage();
    const began = process.hrtime.bigint();
    await drive(contender, job.requests, job.inFlight);
    const seconds = Number(process.hrtime.bigint() - began) / 1e9;
    const cpu = process.cpuUsage(cpuBefore);
    const memory = process.memoryUsage();
    const result: WorkerResult = {
      requests: job.requests,
      seconds: round(seconds, 3),
      requestsPerSecond: round(job.requests / seconds, 0),
      cpuMicrosPerRequest: round((cpu.user + cpu.system) / job.requests, 1),
      peakRssMiB: round((process.resourceUsage().maxRSS * 1024) / MiB, 1),
      rssMiB: round(memory.rss / MiB, 1),
      heapUsedMiB: round(memory.heapUsed / MiB, 1),
    };
    console.log(JSON.stringify(result));
  } finally {
    await contender.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
