/**
 * Benchmark (not a test), issue 6 "Start-up":
 * 1. time from spawning the dynamic-provider process (as the engine does) to the first Create answered, with the
 *    milestones on the way (port printed, Configure answered, first Check answered: the first call that loads our
 *    package through `__provider`); median of RUNS runs. The emulator activates instantly (activationDelayMs 0), so the
 *    Create figure is start-up plus one CreateFlowLog and the watcher's first look (schedule baseGapMs, 300 ms);
 * 2. time to `require` our package (its entry points) against `@alicloud/vpc20160428`, each in a fresh Node process
 *    (hrtime around the require only; median of REQUIRE_RUNS);
 * 3. the byte size of the serialized `__provider` (the FlowLog's shim serialized as dynamic.Resource does).
 *
 * Run: `npm run bench:startup` (`--quick`: fewer runs). Writes bench/results/startup.json.
 */
import { spawnSync } from "node:child_process";
import { startEmulator } from "../src/emulator";
import { startProviderProcess } from "../src/testing/provider-process";
import { markdownTable, median, round } from "./lib/format";
import { isQuick, writeResults, type Headline } from "./lib/output";
import { configureForEmulator, demoVpc, PROJECT_DIR, serializedProvider } from "./lib/provider";

const RUNS = isQuick() ? 3 : 5;
const REQUIRE_RUNS = isQuick() ? 5 : 9;
const MODULES = ["pulumi-alicloud-flowlog", "pulumi-alicloud-flowlog/provider", "pulumi-alicloud-flowlog/client", "@alicloud/vpc20160428"];
const URN = "urn:pulumi:bench::bench::pulumi-nodejs:dynamic/alicloud-flowlog:FlowLog::startup";

/** Milestones of one provider start, ms after spawn. */
interface StartRun {
  readonly portMs: number;
  readonly configureMs: number;
  readonly checkMs: number;
  readonly createMs: number;
}

async function providerStart(emulatorUrl: string, providerText: string, vpcId: string): Promise<StartRun> {
  const spawned = performance.now();
  const provider = await startProviderProcess({ projectDir: PROJECT_DIR, project: "bench", env: { ALIBABA_CLOUD_VPC_ENDPOINT: emulatorUrl } });
  try {
    const portMs = performance.now() - spawned;
    await configureForEmulator(provider, emulatorUrl);
    const configureMs = performance.now() - spawned;
    const news = { __provider: providerText, resourceType: "VPC", resourceId: vpcId, trafficType: "All", projectName: "flowlog-project", logStoreName: "flowlog-store" };
    const checked = await provider.check(URN, {}, news);
    const checkMs = performance.now() - spawned;
    await provider.create(URN, checked.inputs);
    const createMs = performance.now() - spawned;
    return { portMs, configureMs, checkMs, createMs };
  } finally {
    await provider.stop();
  }
}

/** Milliseconds a fresh Node process spends in `require(name)`, run from the repository root. */
function requireMs(name: string): number {
  const script = `const t = process.hrtime.bigint(); require(${JSON.stringify(name)}); console.log(Number(process.hrtime.bigint() - t) / 1e6);`;
  const result = spawnSync(process.execPath, ["-e", script], { cwd: PROJECT_DIR, encoding: "utf8", timeout: 60_000 });
  if (result.status !== 0) throw new Error(`require(${name}) failed: ${result.stderr.slice(0, 500)}`);
  return Number(result.stdout.trim());
}

async function main(): Promise<void> {
  const providerText = await serializedProvider();
  const providerBytes = Buffer.byteLength(providerText, "utf8");

  const emulator = await startEmulator({ port: 0, settings: { activationDelayMs: 0 } });
  const runs: StartRun[] = [];
  try {
    for (let i = 0; i < RUNS; i++) runs.push(await providerStart(emulator.url, providerText, demoVpc(i + 1)));
  } finally {
    await emulator.stop();
  }
  const startup = {
    portMs: round(median(runs.map((r) => r.portMs)), 0),
    configureMs: round(median(runs.map((r) => r.configureMs)), 0),
    checkMs: round(median(runs.map((r) => r.checkMs)), 0),
    createMs: round(median(runs.map((r) => r.createMs)), 0),
  };

  const requires = MODULES.map((name) => {
    const samples = Array.from({ length: REQUIRE_RUNS }, () => requireMs(name));
    return { module: name, medianMs: round(median(samples), 1), samplesMs: samples.map((s) => round(s, 1)) };
  });
  const official = requires.find((r) => r.module === "@alicloud/vpc20160428")!.medianMs;
  const ours = requires.find((r) => r.module === "pulumi-alicloud-flowlog")!.medianMs;

  console.log(`\nProvider process start-up (median of ${RUNS}, ms after spawn)\n`);
  console.log(
    markdownTable(
      ["port printed", "Configure answered", "first Check answered", "first Create answered"],
      [[String(startup.portMs), String(startup.configureMs), String(startup.checkMs), String(startup.createMs)]],
    ),
  );
  console.log(`\nrequire() in a fresh Node process (median of ${REQUIRE_RUNS}, ms)\n`);
  console.log(markdownTable(["module", "require (ms)", "vs @alicloud/vpc20160428"], requires.map((r) => [r.module, r.medianMs.toFixed(1), `${(r.medianMs / official).toFixed(2)}x`])));
  console.log(`\nserialized __provider: ${providerBytes} bytes`);

  const headlines: Headline[] = [
    { benchmark: "startup", metric: "spawn -> first Create answered (ms, median)", value: String(startup.createMs), goal: "" },
    { benchmark: "startup", metric: "require ours / @alicloud/vpc20160428 (ms)", value: `${ours.toFixed(1)} / ${official.toFixed(1)}`, goal: "" },
    { benchmark: "startup", metric: "serialized __provider (bytes)", value: String(providerBytes), goal: "" },
  ];
  const file = writeResults("startup", { quick: isQuick(), runs: RUNS, startupMedianMs: startup, startupRunsMs: runs, requires, providerBytes }, headlines);
  console.log(`written ${file}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
