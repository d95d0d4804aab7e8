/**
 * Benchmark (not a test), issue 6 "Scale": N flow logs created and then deleted through the real dynamic-provider
 * process, 32 gRPC calls in flight at a time (like `pulumi up --parallel 32`, then `pulumi destroy --parallel 32`), while
 * the emulator throttles EVERY action at 20 requests per second (one throttle fault per action, fixed one-second
 * windows) and flow logs take ACTIVATION_S (each of ACTIVATIONS_S in turn) to activate and DELETION_S to delete. The
 * deletes go in the order `pulumi destroy` gives them: the state's resources from last to first, the state listing them
 * in the order their creates returned.
 *
 * Figures per N: failures (goal 0), DescribeFlowLogs requests in total (throttled ones included; goal at N = 200: at most a
 * tenth of N x Terraform's per-resource calls), and wall time over the lower bound the throttle allows.
 *
 * Terraform's per-resource calls for the same create-then-delete (terraform-provider-alicloud,
 * alicloud/resource_alicloud_vpc_flow_log.go): its create wait's polls (lib/terraform.ts), plus ONE read: Create ends with
 * `return resourceAliCloudVpcFlowLogUpdate(d, meta)`, and Update ends with `resourceAliCloudVpcFlowLogRead`, which calls
 * DescribeFlowLogs (DescribeVpcFlowLog); plus its delete wait's polls. `terraform destroy` also refreshes every resource
 * first (one more read each); `pulumi destroy` does not by default, so that read is not counted.
 *
 * Lower bound (stated in the output): with at most 20 CreateFlowLog per one-second window, the k-th CreateFlowLog (0-based)
 * cannot be sent sooner than floor(k / 20) s after the first; the last one then needs ACTIVATION_S to become Active; the
 * deletes start after every create returned (destroy follows up) and the same holds for DeleteFlowLog and DELETION_S:
 *   bound = floor((N - 1) / 20) + ACTIVATION_S + floor((N - 1) / 20) + DELETION_S.
 * Goal: wall / bound <= 1.2.
 *
 * That bound ignores the benchmark's own limit of 32 operations in flight: a create holds its slot until its flow log is
 * Active (what `pulumi up` promises), so some slot runs ceil(N / 32) creates one after another, each at least
 * ACTIVATION_S. The floor any implementation meets here is therefore
 *   floor = max(ceil(N / 32) x ACTIVATION_S, floor((N - 1) / 20) + ACTIVATION_S) + max(ceil(N / 32) x DELETION_S, floor((N - 1) / 20) + DELETION_S),
 * printed as "floor" and "wall/floor" beside the throttle-only bound.
 *
 * Hence two activation times (ACTIVATIONS_S). At 1 s the throttle is the limit, as the goal assumes: 32 slots held about
 * 1 s each could start 32 creates a second, more than the 20 the throttle lets through, so floor = bound and the goal can be
 * judged. At 3 s (the figure kept from earlier runs) the slots are the limit: 32 / 3 s is under 20/s, floor > bound (31 s
 * against 22 s at N = 200, 1.41x), and at N = 200 no implementation meets wall/bound <= 1.2; wall/floor says how close
 * this one comes.
 *
 * Run: `npm run bench:scale` (N in 1, 50, 200, at each activation time) or `npm run bench:scale -- --quick` (N in 1, 50). `-- --sweep` adds runs
 * at N = 200 with the region watcher's DescribeFlowLogs budget (`alicloud-flowlog:describeRate`) at SWEEP_RATES calls per
 * second: the trade-off between calls and wall time.
 * Writes bench/results/scale.json.
 */
import { ACTIONS, startEmulator, type RunningEmulator } from "../src/emulator";
import { markdownTable, met, round } from "./lib/format";
import { isQuick, writeResults, type Headline } from "./lib/output";
import { runPool } from "./lib/pool";
import { demoVpc, startBenchProvider, type BenchProvider } from "./lib/provider";
import { terraformPollsFor } from "./lib/terraform";

const FULL_SIZES = [1, 50, 200];
/** describeRate values of `--sweep` (the default is 2.5). */
const SWEEP_RATES = ["1.5", "3", "10"];
const QUICK_SIZES = [1, 50];
const IN_FLIGHT = 32;
const RATE_PER_SECOND = 20;
/** Activation times in seconds, each run at every N: the throttle-bound regime, then the slot-bound one (module comment). */
const ACTIVATIONS_S = [1, 3];
/** describeRate's sweep runs at this activation time (the one its README rows were first measured at). */
const SWEEP_ACTIVATION_S = 3;
const DELETION_S = 1;
/** The whole benchmark gives up after this long (each create and delete is also bounded by the provider's 10 m timeouts). */
const WATCHDOG_MS = 20 * 60_000;

interface Row {
  readonly n: number;
  readonly activationS: number;
  /** `alicloud-flowlog:describeRate`, or "default". */
  readonly describeRate: string;
  readonly failures: number;
  readonly leftOver: number;
  readonly createPhaseS: number;
  readonly deletePhaseS: number;
  readonly wallS: number;
  readonly boundS: number;
  readonly wallOverBound: number;
  readonly floorS: number;
  readonly wallOverFloor: number;
  readonly describeCalls: number;
  readonly terraformPerResource: number;
  readonly describeGoal: number;
  readonly requestsByAction: Record<string, number>;
  readonly throttledByAction: Record<string, number>;
  readonly firstErrors: string[];
}

/** Counts throttled answers per action from the emulator's request log (`METHOD ACTION STATUS[ CODE] ...`). */
function throttleCounter(): { logger: (line: string) => void; counts: Record<string, number> } {
  const counts: Record<string, number> = {};
  return {
    counts,
    logger: (line) => {
      const [, action, , code] = line.split(" ");
      if (action !== undefined && code?.startsWith("Throttling")) counts[action] = (counts[action] ?? 0) + 1;
    },
  };
}

/** The issue's lower bound, the throttle alone (module comment), seconds. */
function lowerBoundS(n: number, activationS: number): number {
  return 2 * Math.floor((n - 1) / RATE_PER_SECOND) + activationS + DELETION_S;
}

/** The floor under the benchmark's 32 operations in flight as well as the throttle (module comment). */
function floorS(n: number, activationS: number): number {
  const phase = (seconds: number) => Math.max(Math.ceil(n / IN_FLIGHT) * seconds, Math.floor((n - 1) / RATE_PER_SECOND) + seconds);
  return phase(activationS) + phase(DELETION_S);
}

/** Terraform's DescribeFlowLogs calls per flow log created then deleted (module comment). */
function terraformCallsPerResource(activationS: number): number {
  const readAfterCreate = 1;
  return terraformPollsFor(activationS * 1000) + readAfterCreate + terraformPollsFor(DELETION_S * 1000);
}

function message(error: unknown): string {
  return error instanceof Error ? error.message.split("\n")[0]!.slice(0, 300) : String(error);
}

interface Run {
  readonly n: number;
  readonly activationS: number;
  readonly describeRate?: string;
}

async function measure({ n, activationS, describeRate }: Run): Promise<Row> {
  const throttled = throttleCounter();
  const emulator: RunningEmulator = await startEmulator({
    port: 0,
    settings: { activationDelayMs: activationS * 1000, transitionDelayMs: DELETION_S * 1000 },
    faults: ACTIONS.map((action) => ({ kind: "throttle" as const, action, ratePerSecond: RATE_PER_SECOND })),
    logger: throttled.logger,
  });
  let provider: BenchProvider | undefined;
  const watchdog = setTimeout(() => {
    console.error(`scale: N = ${n} did not finish within ${WATCHDOG_MS / 60_000} min; giving up`);
    void provider?.stop().finally(() => process.exit(2));
  }, WATCHDOG_MS);
  try {
    provider = await startBenchProvider(emulator.url, undefined, describeRate ? { "alicloud-flowlog:describeRate": describeRate } : {});
    const bench = provider;
    const started = performance.now();
    // The order the creates returned in: the order a stack's state lists the flow logs.
    const returned: number[] = [];
    const created = await runPool(n, IN_FLIGHT, async (i) => {
      const outputs = await bench.create(`scale-${i}`, demoVpc(i + 1));
      returned.push(i);
      return outputs;
    });
    const createdAt = performance.now();
    // As `pulumi destroy` does: the engine deletes a state's resources from its last to its first (pulumi/pulumi
    // pkg/resource/deploy/step_generator.go, GenerateDeletes: "walk the list of old resources *backwards*"), 32 at a time.
    const deleteOrder = [...returned].reverse();
    const deleted = await runPool(deleteOrder.length, IN_FLIGHT, async (k) => {
      const i = deleteOrder[k]!;
      const result = created[i]!;
      if (result.ok) await bench.delete(`scale-${i}`, result.value);
    });
    const ended = performance.now();
    const errors = [...created, ...deleted].flatMap((r) => (r.ok ? [] : [message(r.error)]));
    const stats = emulator.stats().byAction;
    const bound = lowerBoundS(n, activationS);
    const wallS = (ended - started) / 1000;
    const terraformPerResource = terraformCallsPerResource(activationS);
    const floor = floorS(n, activationS);
    return {
      n,
      activationS,
      describeRate: describeRate ?? "default",
      failures: errors.length,
      leftOver: emulator.flowLogs().length,
      createPhaseS: round((createdAt - started) / 1000, 2),
      deletePhaseS: round((ended - createdAt) / 1000, 2),
      wallS: round(wallS, 2),
      boundS: bound,
      // Three decimals, and judged on them: at two, 7.22 s over 6 s (1.2033) showed as 1.20 and passed the goal.
      wallOverBound: round(wallS / bound, 3),
      floorS: floor,
      wallOverFloor: round(wallS / floor, 3),
      describeCalls: stats.DescribeFlowLogs ?? 0,
      terraformPerResource,
      describeGoal: Math.floor((n * terraformPerResource) / 10),
      requestsByAction: Object.fromEntries(Object.entries(stats).filter(([, count]) => count > 0)),
      throttledByAction: throttled.counts,
      firstErrors: [...new Set(errors)].slice(0, 5),
    };
  } finally {
    clearTimeout(watchdog);
    await provider?.stop();
    await emulator.stop();
  }
}

function table(rows: readonly Row[]): string {
  const head = [
    "N",
    "activation (s)",
    "describeRate",
    "failures",
    "left over",
    "Describe calls",
    "Throttling answers",
    "Terraform calls (N x per resource)",
    "goal calls (N = 200)",
    "wall (s)",
    "bound (s)",
    "wall/bound",
    "floor (s)",
    "wall/floor",
    "goals met",
  ];
  return markdownTable(
    head,
    rows.map((r) => {
      const callsOk = r.n !== 200 || r.describeCalls <= r.describeGoal;
      return [
        String(r.n),
        String(r.activationS),
        r.describeRate,
        String(r.failures),
        String(r.leftOver),
        String(r.describeCalls),
        String(Object.values(r.throttledByAction).reduce((sum, count) => sum + count, 0)),
        `${r.n * r.terraformPerResource} (${r.terraformPerResource})`,
        r.n === 200 ? `<= ${r.describeGoal}` : "-",
        r.wallS.toFixed(1),
        String(r.boundS),
        r.wallOverBound.toFixed(3),
        String(r.floorS),
        r.wallOverFloor.toFixed(3),
        met(r.failures === 0 && r.leftOver === 0 && callsOk && r.wallOverBound <= 1.2),
      ];
    }),
  );
}

async function main(): Promise<void> {
  const sizes = isQuick() ? QUICK_SIZES : FULL_SIZES;
  const rows: Row[] = [];
  const runs: Run[] = ACTIVATIONS_S.flatMap((activationS) => sizes.map((n) => ({ n, activationS })));
  if (process.argv.includes("--sweep")) runs.push(...SWEEP_RATES.map((describeRate) => ({ n: 200, activationS: SWEEP_ACTIVATION_S, describeRate })));
  for (const run of runs) {
    const row = await measure(run);
    rows.push(row);
    console.log(
      `N = ${run.n}, activation ${run.activationS} s${run.describeRate ? `, describeRate ${run.describeRate}` : ""}: ${row.failures} failures, ${row.leftOver} left over, ` +
        `create ${row.createPhaseS} s + delete ${row.deletePhaseS} s, requests ${JSON.stringify(row.requestsByAction)}, throttled ${JSON.stringify(row.throttledByAction)}`,
    );
    for (const error of row.firstErrors) console.log(`  error: ${error}`);
  }
  console.log(
    `\nScale: create then delete N flow logs, ${IN_FLIGHT} in flight, every action throttled at ${RATE_PER_SECOND}/s, ` +
      `activation A s (${ACTIVATIONS_S.join(" or ")}), deletion ${DELETION_S} s.\n` +
      `bound = 2 x floor((N-1)/${RATE_PER_SECOND}) + A + ${DELETION_S} s; ` +
      `floor adds the ${IN_FLIGHT} in flight: max(ceil(N/${IN_FLIGHT}) x A, floor((N-1)/${RATE_PER_SECOND}) + A) + max(ceil(N/${IN_FLIGHT}) x ${DELETION_S}, floor((N-1)/${RATE_PER_SECOND}) + ${DELETION_S}) s ` +
      `(= bound when A <= ${IN_FLIGHT}/${RATE_PER_SECOND} s: the throttle is the limit). ` +
      `Terraform per resource: create polls + 1 read after create + delete polls. ` +
      `Goals: 0 failures, wall/bound <= 1.2, Describe calls at N = 200 <= N x Terraform's per-resource calls / 10.\n`,
  );
  console.log(table(rows));
  const headlines: Headline[] = rows.filter((r) => r.describeRate === "default").flatMap((r) => {
    const label = `N = ${r.n}, activation ${r.activationS} s`;
    return [
      { benchmark: "scale", metric: `${label}: failures`, value: String(r.failures), goal: "0", met: r.failures === 0 },
      { benchmark: "scale", metric: `${label}: wall / throttle bound`, value: r.wallOverBound.toFixed(3), goal: "<= 1.2", met: r.wallOverBound <= 1.2 },
      { benchmark: "scale", metric: `${label}: wall / floor with ${IN_FLIGHT} in flight`, value: r.wallOverFloor.toFixed(3), goal: "(context)" },
      {
        benchmark: "scale",
        metric: `${label}: DescribeFlowLogs calls (Terraform: ${r.n * r.terraformPerResource})`,
        value: String(r.describeCalls),
        goal: r.n === 200 ? `<= ${r.describeGoal}` : "(N = 200 only)",
        ...(r.n === 200 ? { met: r.describeCalls <= r.describeGoal } : {}),
      },
    ];
  });
  const settings = { inFlight: IN_FLIGHT, ratePerSecond: RATE_PER_SECOND, activationsS: ACTIVATIONS_S, deletionS: DELETION_S };
  console.log(`written ${writeResults("scale", { quick: isQuick(), settings, rows }, headlines)}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
