/**
 * A/B of two builds of our client (not a test): CPU per request of each, measured in ONE process over in-memory sockets
 * (no kernel, no server), in alternating batches, so a change of a few percent shows through a shared machine's noise
 * (runs of bench/client.ts spread by +-15% there; the paired batch ratio here by a few percent). It measures what the
 * client and undici do per request, not the network: use bench/client.ts for the figures to publish.
 *
 * Run: `node --experimental-strip-types --no-warnings bench/client-ab.ts A_DIR B_DIR [inFlight] [batches] [batchSize]`,
 * where each DIR is a built `dist/client` folder (copy one aside before a change; it must resolve `undici` and `zod`, e.g.
 * a folder next to a `node_modules` link to this repository's). Prints the median CPU µs/request of each and the median
 * of the per-batch ratios B/A (below 1: B is cheaper).
 */
// Plain `require` and erasable types only, like client-worker.ts: the file runs under `node --experimental-strip-types`.
const { Duplex } = require("node:stream") as typeof import("node:stream");
type Duplex = import("node:stream").Duplex;

const [dirA, dirB] = [process.argv[2], process.argv[3]];
const IN_FLIGHT = Number(process.argv[4] ?? 1);
const BATCHES = Number(process.argv[5] ?? 30);
const BATCH_SIZE = Number(process.argv[6] ?? 1000);

/** The answer of bench/client-server.ts: a DescribeFlowLogs page of 10 flow logs. */
const body = JSON.stringify(require("./describe-page.json"));
const ANSWER = Buffer.from(
  `HTTP/1.1 200 OK\r\nContent-Type: application/json;charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
    `Date: Sun, 29 Nov 2026 17:00:00 GMT\r\nConnection: keep-alive\r\nKeep-Alive: timeout=60\r\n\r\n${body}`,
);

/** A socket that answers every request (a header block ending in an empty line: the client sends no body) a tick later. */
class AnsweringSocket extends Duplex {
  private pending = "";
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.pending += chunk.toString("latin1");
    if (this.pending.endsWith("\r\n\r\n")) {
      this.pending = "";
      setImmediate(() => this.push(Buffer.from(ANSWER)));
    }
    done();
  }
  override _read(): void {}
  setNoDelay(): this {
    return this;
  }
  setKeepAlive(): this {
    return this;
  }
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }
}

interface Client {
  describeFlowLogs(params: { regionId: string }): Promise<unknown>;
  close(): Promise<void>;
}

function load(dir: string): Client {
  const { VpcClient } = require(dir) as typeof import("../src/client");
  const connect = (_options: unknown, callback: (error: Error | null, socket: Duplex) => void): Duplex => {
    const socket = new AnsweringSocket();
    process.nextTick(callback, null, socket);
    return socket;
  };
  return new VpcClient({
    endpoint: "http://127.0.0.1:9",
    regionId: "cn-hangzhou",
    credentials: { accessKeyId: "bench-key-id", accessKeySecret: "bench-key-secret" },
    env: {},
    credentialsChain: false,
    rateLimit: { requestsPerSecond: 1e9, burst: 1e9 },
    agent: { connect: connect as never },
  });
}

async function drive(client: Client, count: number): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      next++;
      await client.describeFlowLogs({ regionId: "cn-hangzhou" });
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
}

function median(values: readonly number[]): number {
  return [...values].sort((x, y) => x - y)[values.length >> 1]!;
}

async function main(): Promise<void> {
  if (!dirA || !dirB) throw new Error("usage: client-ab.ts A_DIR B_DIR [inFlight] [batches] [batchSize]");
  const a = load(dirA);
  const b = load(dirB);
  await drive(a, 3000);
  await drive(b, 3000);
  const cpuA: number[] = [];
  const cpuB: number[] = [];
  for (let i = 0; i < BATCHES; i++) {
    const order: [Client, number[]][] = i % 2 === 0 ? [[a, cpuA], [b, cpuB]] : [[b, cpuB], [a, cpuA]];
    for (const [client, out] of order) {
      const before = process.cpuUsage();
      await drive(client, BATCH_SIZE);
      const used = process.cpuUsage(before);
      out.push((used.user + used.system) / BATCH_SIZE);
    }
  }
  const ratio = median(cpuA.map((x, i) => cpuB[i]! / x));
  console.log(`in flight ${IN_FLIGHT}: A ${median(cpuA).toFixed(1)} µs/req, B ${median(cpuB).toFixed(1)} µs/req, B/A ${ratio.toFixed(3)}`);
  await a.close();
  await b.close();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
