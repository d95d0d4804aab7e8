// Runs every benchmark in turn (client, time-to-active, scale, startup), each in its own process with tsx, passing
// `--quick` through (the client benchmark takes BENCH_REQUESTS=1000 instead, unless set), then prints one combined
// summary from their JSON files and writes bench/results/summary.json. `npm run bench` builds first (the provider
// process loads the built package). A benchmark that fails is reported and the others still run; the exit code is 1.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const results = join(here, "results");
const quick = process.argv.includes("--quick");
/** tsx's CLI, run with this very Node (the package needs Node 22: run through `npm run bench`, which puts it first on PATH). */
const tsxCli = join(root, "node_modules", "tsx", "dist", "cli.mjs");
/** No benchmark may run longer than this. */
const BENCH_TIMEOUT_MS = 30 * 60_000;

const BENCHES = ["client", "time-to-active", "scale", "startup"];

function run(name) {
  console.log(`\n=== ${name}${quick ? " (quick)" : ""} ===\n`);
  const env = { ...process.env };
  if (quick && name === "client" && env.BENCH_REQUESTS === undefined) env.BENCH_REQUESTS = "1000";
  const started = Date.now();
  const result = spawnSync(process.execPath, [tsxCli, join(here, `${name}.ts`), ...(quick ? ["--quick"] : [])], {
    cwd: root,
    env,
    stdio: "inherit",
    timeout: BENCH_TIMEOUT_MS,
  });
  const seconds = Math.round((Date.now() - started) / 100) / 10;
  const ok = result.status === 0;
  if (!ok) console.error(`${name} failed (exit ${result.status ?? result.signal ?? result.error?.message})`);
  return { name, ok, seconds };
}

function readJson(name) {
  const file = join(results, `${name}.json`);
  return existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : undefined;
}

/** Headlines of the client benchmark, which writes its own shape (ratios of our rate to the official SDK's). */
function clientHeadlines(report) {
  const ratios = report?.ratios ?? {};
  return Object.entries(ratios).map(([mode, ratio]) => ({
    benchmark: "client",
    metric: `requests/s ours / official (${mode})`,
    value: `${ratio}x`,
    goal: ">= 2x",
    met: typeof ratio === "number" ? ratio >= 2 : undefined,
  }));
}

function table(rows) {
  const head = ["benchmark", "figure", "value", "goal", "met"];
  const cells = rows.map((r) => [r.benchmark, r.metric, r.value, r.goal, r.met === undefined ? "" : r.met ? "yes" : "NO"]);
  const widths = head.map((h, i) => Math.max(h.length, 3, ...cells.map((c) => c[i].length)));
  const line = (c) => `| ${c.map((v, i) => v.padEnd(widths[i])).join(" | ")} |`;
  return [line(head), `| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`, ...cells.map(line)].join("\n");
}

/** Headlines of one finished benchmark, read at once: another run elsewhere may overwrite the file later. */
function headlinesOf(result) {
  if (!result.ok) return [{ benchmark: result.name, metric: "run", value: "failed", goal: "", met: false }];
  const report = readJson(result.name);
  return result.name === "client" ? clientHeadlines(report) : (report?.headlines ?? []);
}

if (Number(process.versions.node.split(".")[0]) < 22) {
  console.error(`Node ${process.version}: the benchmarks need Node 22 or later; run them with \`npm run bench\`.`);
  process.exit(1);
}

const runs = [];
const headlines = [];
for (const name of BENCHES) {
  const result = run(name);
  runs.push(result);
  headlines.push(...headlinesOf(result));
}

console.log(`\n=== summary (${new Date().toISOString()}, ${availableParallelism()} cores, Node ${process.version}${quick ? ", quick" : ""}) ===\n`);
console.log(table(headlines));
mkdirSync(results, { recursive: true });
const summary = { date: new Date().toISOString(), node: process.version, cores: availableParallelism(), quick, runs, headlines };
writeFileSync(join(results, "summary.json"), `${JSON.stringify(summary, null, 2)}\n`);
console.log(`\nwritten ${join(results, "summary.json")}`);
if (runs.some((r) => !r.ok)) process.exitCode = 1;
