/**
 * How a fresh process's CPU per request falls as V8 warms up (not a test): one contender of bench/client-worker.ts (`ours`, the
 * built client, `raw-undici`, bare undici with one request built once by ours, or `official`), in a fresh worker process,
 * calls DescribeFlowLogs on bench/client-server.ts (both started here) in batches of 500, and the CPU µs per request of
 * every batch is printed. Run after `npm run build`:
 * `node --experimental-strip-types --no-warnings bench/client-warmup.ts ours|raw-undici|official [inFlight=16] [batches=30]`.
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
const CONTENDERS = ["ours", "raw-undici", "official"];

/** Starts `file` of this folder under Node's type stripping; resolves with the first line it prints. */
function run(file: string, env: Record<string, string> = {}): { firstLine: Promise<string>; kill: () => void } {
  const child = spawn(process.execPath, ["--experimental-strip-types", "--no-warnings", join(__dirname, file)], {
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, ...env },
  });
  const firstLine = new Promise<string>((resolve, reject) => {
    let text = "";
    child.once("error", reject);
    child.stdout!.on("data", (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes("\n")) resolve(text.slice(0, text.indexOf("\n")).trim());
    });
    child.once("exit", (code) => reject(new Error(`${file} exited with ${code} before printing a line`)));
  });
  return { firstLine, kill: () => child.kill("SIGTERM") };
}

async function main(): Promise<void> {
  const [contender = "ours", inFlight = "16", batches = "30"] = process.argv.slice(2);
  if (!CONTENDERS.includes(contender)) throw new Error(`unknown contender ${contender} (${CONTENDERS.join(", ")})`);
  const server = run("client-server.ts");
  try {
    const port = Number(await server.firstLine);
    const job = { contender, port, requests: BATCH, warmup: 0, inFlight: Number(inFlight), batches: Number(batches) };
    const line = await run("client-worker.ts", { BENCH_JOB: JSON.stringify(job) }).firstLine;
    const { cpuMicrosPerRequest } = JSON.parse(line) as { cpuMicrosPerRequest: number[] };
    console.log(`${contender}, ${inFlight} in flight, CPU µs/request per batch of ${BATCH}: ${cpuMicrosPerRequest.join(" ")}`);
  } finally {
    server.kill();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
