/**
 * `npm run demo`: the example program (examples/flowlog) through the real dynamic-provider process, against the
 * embedded VPC API emulator: create (waiting until Active), print the outputs, destroy, show the flow log gone.
 */
import path from "node:path";
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, startEmulator } from "../emulator";
import { MiniEngine, type EngineEvent, type Program } from "../testing/engine";
import { loadProgramModule } from "../testing/load-program";
import type { LogLine } from "../testing/provider-process";

/** Options of {@link runDemo}. */
export interface DemoOptions {
  /** Repository root (holds examples/flowlog). */
  readonly rootDir: string;
  /** Emulator's Activating -> Active delay in ms. Default 3000. */
  readonly activationDelayMs?: number;
  /** Where lines go. Default `console.log`. */
  readonly print?: (line: string) => void;
  /** Clock for the elapsed times shown. Default `Date.now`. */
  readonly now?: () => number;
}

/** What the demo produced, for tests. */
export interface DemoResult {
  readonly flowLogId: string;
  readonly resourceGroupId: string;
}

const REGION = "cn-hangzhou";

/**
 * Runs the demo. Resolves when the flow log was created, shown and deleted.
 * @throws Error when a step fails (the message says which); the emulator is stopped either way.
 */
export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const print = options.print ?? ((line: string) => console.log(line));
  const now = options.now ?? Date.now;
  const activationDelayMs = options.activationDelayMs ?? 3000;
  const emulator = await startEmulator({ port: 0, settings: { activationDelayMs } });
  print(`VPC API emulator on ${emulator.url} (flow logs become Active after ${seconds(activationDelayMs)})`);
  try {
    const exampleDir = path.join(options.rootDir, "examples", "flowlog");
    const { flowLogProgram } = loadProgramModule(path.join(exampleDir, "program.ts")) as { flowLogProgram: Program };
    const started = new Map<string, number>();
    const engine = new MiniEngine({
      project: "flowlog-example",
      projectDir: exampleDir,
      providerEnv: {
        ALIBABA_CLOUD_VPC_ENDPOINT: emulator.url,
        ALIBABA_CLOUD_REGION: REGION,
        ALIBABA_CLOUD_ACCESS_KEY_ID: DEFAULT_ACCESS_KEY_ID,
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: DEFAULT_ACCESS_KEY_SECRET,
        ALIBABA_CLOUD_SECURITY_TOKEN: undefined,
      },
      config: { "alicloud:region": REGION },
      onEvent: (e) => print(describeEvent(e, started, now)),
      onLog: (line) => printProviderLine(line, print),
    });
    print("pulumi up (example program examples/flowlog, real dynamic-provider process)");
    const { outputs } = await engine.up(flowLogProgram);
    const result = { flowLogId: String(outputs.flowLogId), resourceGroupId: String(outputs.resourceGroupId) };
    print("Outputs:");
    print(`  flowLogId:       ${result.flowLogId}`);
    print(`  resourceGroupId: ${result.resourceGroupId}`);
    print(`  status:          ${String(outputs.status)}`);
    print(`Emulator holds: ${listFlowLogs(emulator.flowLogs())}`);
    print("pulumi destroy");
    await engine.destroy();
    const left = emulator.flowLogs().filter((f) => f.flowLogId === result.flowLogId);
    if (left.length > 0) throw new Error(`flow log ${result.flowLogId} still exists after destroy (${left[0]!.status})`);
    print(`Emulator holds: ${listFlowLogs(emulator.flowLogs())} -> ${result.flowLogId} is gone`);
    return result;
  } finally {
    await emulator.stop();
  }
}

function describeEvent(e: EngineEvent, started: Map<string, number>, now: () => number): string {
  const key = `${e.op} ${e.urn}`;
  if (e.phase === "start") {
    started.set(key, now());
    return `  ${e.op === "delete" ? "-" : "+"} ${e.name}: ${e.op === "delete" ? `deleting ${e.id}` : `${e.op === "create" ? "creating" : `${e.op}ing`}`}`;
  }
  const took = started.has(key) ? ` after ${seconds(now() - started.get(key)!)}` : "";
  if (e.phase === "failed") return `  ! ${e.name}: ${e.op} failed${took}: ${e.detail ?? ""}`;
  if (e.op === "create") return `  + ${e.name}: created ${e.id}, Active${took}`;
  if (e.op === "delete") return `  - ${e.name}: deleted ${e.id}${took}`;
  return `  ~ ${e.name}: ${e.op}${took}`;
}

/** Provider progress (`info: [runtime] ...` from pulumi.log in the provider process), shown indented. */
function printProviderLine(line: LogLine, print: (line: string) => void): void {
  const text = line.text.replace(/^info: \[runtime\] /, "").trim();
  if (text) print(`      ${line.stream === "stderr" ? "provider error: " : ""}${text}`);
}

function listFlowLogs(list: readonly { flowLogId: string; status: string }[]): string {
  return list.length === 0 ? "no flow logs" : list.map((f) => `${f.flowLogId} (${f.status})`).join(", ");
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
