// Shared set-up of the fault matrix (issue 5, "How we will know"): an emulator with short delays, a mini engine whose
// every operation runs the real @pulumi/pulumi dynamic-provider process against it, an audit of the emulator's
// inspection against the engine's state, and the scenario x outcome table printed at the end of each file.
// Needs `npm run build` first: the provider process loads the BUILT package (dist) through the node_modules self link.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "vitest";
import { VpcClient } from "../../src/client";
import {
  DEFAULT_ACCESS_KEY_ID,
  DEFAULT_ACCESS_KEY_SECRET,
  startEmulator,
  type EmulatorSettings,
  type FaultRule,
  type RunningEmulator,
} from "../../src/emulator";
import { EngineRunError, MiniEngine, ResourceInitFailedError, type StackState } from "../../src/testing";
import { loadProgramModule } from "../../src/testing/load-program";
import type { ConfigValue, LogLine } from "../../src/testing/provider-process";
import type * as Fixture from "./fixtures/program";
import { ProviderStack } from "./provider-stack";

export const REGION = "cn-hangzhou";
/** Directory the provider process runs in: the package root, where `pulumi-alicloud-flowlog/provider` resolves to dist. */
const PROJECT_DIR = path.join(__dirname, "../..");
const fixture = loadProgramModule(path.join(__dirname, "fixtures/program.ts")) as unknown as typeof Fixture;

/** Client timeout given to the provider (config `alicloud-flowlog:requestTimeout`) and a latency that outlasts it. */
export const REQUEST_TIMEOUT_MS = 700;
export const LATENCY_PAST_TIMEOUT_MS = 1_500;
/** How long create looks for the flow log of a lost CreateFlowLog answer (config `alicloud-flowlog:adoptWindow`). */
export const ADOPT_WINDOW_MS = 3_000;

/**
 * Short delays keep the matrix fast; several flow logs per resource (a setting: the published pages give no limit) so a
 * second CreateFlowLog for the same FlowLog would show as a duplicate instead of being refused by the service.
 */
export const FAST_SETTINGS: Partial<EmulatorSettings> = { activationDelayMs: 200, transitionDelayMs: 150, maxFlowLogsPerResource: 5 };

/** FlowLog args for a named resource on a VPC of the default world; the name doubles as flowLogName (duplicates show). */
export function flowLogArgs(name: string, vpc: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    resourceType: "VPC",
    resourceId: vpc,
    trafficType: "All",
    projectName: "flowlog-project",
    logStoreName: "flowlog-store",
    flowLogName: name,
    ...extra,
  };
}

/** What a stage ended in. */
export interface StageOutcome {
  readonly ok: boolean;
  /** Ids carried by init failures (the engine kept them in the state). */
  readonly initFailedIds: readonly string[];
  /** Messages of the failures. */
  readonly messages: readonly string[];
  readonly error?: unknown;
}

/** The emulator's inspection compared with the engine's state. */
export interface Audit {
  readonly cloud: readonly string[];
  readonly state: readonly string[];
  /** In the cloud, unknown to the state. */
  readonly orphaned: readonly string[];
  /** In the state, gone from the cloud. */
  readonly missing: readonly string[];
  /** FlowLog names (resource names) present more than once in the cloud, or ids present more than once in the state. */
  readonly duplicated: readonly string[];
}

/** Whatever keeps a stack's state: the mini engine, or a {@link ProviderStack}. */
export type StateHolder = MiniEngine | ProviderStack;

function stateIds(known: StateHolder): string[] {
  return known instanceof MiniEngine ? known.state().resources.map((r) => r.id) : known.ids();
}

/** One row of the printed matrix. */
export interface MatrixRow {
  readonly scenario: string;
  readonly outcome: string;
  readonly cloud: number;
  readonly state: number;
  readonly ms: number;
}

/** An emulator plus engines over it, with a persistent state file when asked (restart scenarios). */
export class FaultLab {
  readonly lines: string[] = [];
  private client: VpcClient | undefined;
  private providerStack: ProviderStack | undefined;

  private constructor(
    public emulator: RunningEmulator,
    private readonly stateFile: string | undefined,
  ) {}

  /** Starts an emulator on 127.0.0.1, port 0, with {@link FAST_SETTINGS}. */
  static async start(options: { persistent?: boolean } = {}): Promise<FaultLab> {
    const stateFile = options.persistent ? path.join(mkdtempSync(path.join(tmpdir(), "faults-")), "state.json") : undefined;
    const emulator = await startEmulator({ port: 0, settings: FAST_SETTINGS, ...(stateFile ? { stateFile } : {}) });
    return new FaultLab(emulator, stateFile);
  }

  /** Stack configuration: credentials as config secrets, the emulator's endpoint, short client timeout and adopt window. */
  config(): Record<string, ConfigValue> {
    return {
      "alicloud:region": REGION,
      "alicloud:accessKey": DEFAULT_ACCESS_KEY_ID,
      "alicloud:secretKey": { value: DEFAULT_ACCESS_KEY_SECRET, secret: true },
      "alicloud-flowlog:endpoint": this.emulator.url,
      "alicloud-flowlog:requestTimeout": `${REQUEST_TIMEOUT_MS}ms`,
      "alicloud-flowlog:adoptWindow": `${ADOPT_WINDOW_MS}ms`,
    };
  }

  /** A new engine (a new stack, or one resumed from `state`). Provider log lines are collected in `lines`. */
  engine(state?: StackState): MiniEngine {
    return new MiniEngine({
      project: "faults",
      projectDir: PROJECT_DIR,
      config: this.config(),
      onLog: (line: LogLine) => this.lines.push(line.text),
      ...(state ? { state } : {}),
    });
  }

  /** The lab's one long-lived provider process as an empty stack (started on first use, emptied on every call). */
  async stack(): Promise<ProviderStack> {
    this.providerStack ??= await ProviderStack.start(PROJECT_DIR, this.config(), (text) => this.lines.push(text));
    this.providerStack.clear();
    return this.providerStack;
  }

  /** A client of the emulator for changes behind Pulumi's back. */
  direct(): VpcClient {
    this.client ??= new VpcClient({
      regionId: REGION,
      endpoint: this.emulator.url,
      credentials: { accessKeyId: DEFAULT_ACCESS_KEY_ID, accessKeySecret: DEFAULT_ACCESS_KEY_SECRET },
      rateLimit: false,
    });
    return this.client;
  }

  /** A fresh world between scenarios: no flow logs, faults, counts or log lines; settings back to FAST_SETTINGS. */
  reset(): void {
    this.emulator.reset();
    this.lines.length = 0;
  }

  addFaults(...rules: FaultRule[]): void {
    for (const rule of rules) this.emulator.addFault(rule);
  }

  /** Stops the emulator and starts it again on the same port from the state file (flow logs and timers survive). */
  async restart(downMs = 0): Promise<void> {
    if (this.stateFile === undefined) throw new Error("restart needs a lab started with { persistent: true }");
    const port = this.emulator.port;
    await this.emulator.stop();
    if (downMs > 0) await new Promise((resolve) => setTimeout(resolve, downMs));
    this.emulator = await startEmulator({ port, settings: FAST_SETTINGS, stateFile: this.stateFile });
  }

  /** Compares the emulator's inspection with the state (a mini engine's, or a {@link ProviderStack}'s). */
  audit(known: StateHolder): Audit {
    const flowLogs = this.emulator.flowLogs();
    const cloud = flowLogs.map((f) => f.flowLogId);
    const state = stateIds(known);
    const names = flowLogs.map((f) => f.flowLogName);
    return {
      cloud,
      state,
      orphaned: cloud.filter((id) => !state.includes(id)),
      missing: state.filter((id) => !cloud.includes(id)),
      duplicated: [...names.filter((n, i) => names.indexOf(n) !== i), ...state.filter((id, i) => state.indexOf(id) !== i)],
    };
  }

  /** Asserts nothing lost, nothing leaked: as many flow logs as the state knows, none duplicated, orphaned or missing. */
  expectClean(known: StateHolder, expectedCount?: number): Audit {
    const audit = this.audit(known);
    expect({ orphaned: audit.orphaned, missing: audit.missing, duplicated: audit.duplicated }).toEqual({ orphaned: [], missing: [], duplicated: [] });
    expect(audit.cloud.length).toBe(audit.state.length);
    if (expectedCount !== undefined) expect(audit.cloud.length).toBe(expectedCount);
    return audit;
  }

  async stop(): Promise<void> {
    await this.providerStack?.stop();
    await this.client?.close();
    await this.emulator.stop();
  }
}

/** Sets the program's flow logs and runs `up`, turning a failed run into an outcome instead of a throw. */
export async function up(engine: MiniEngine, flowLogs: Readonly<Record<string, Record<string, unknown>>>): Promise<StageOutcome> {
  fixture.setFlowLogs(flowLogs as unknown as Parameters<typeof Fixture.setFlowLogs>[0]);
  return outcomeOf(() => engine.up(fixture.program));
}

/** Runs `destroy`, turning a failure into an outcome. */
export function destroy(engine: MiniEngine): Promise<StageOutcome> {
  return outcomeOf(() => engine.destroy());
}

async function outcomeOf(run: () => Promise<unknown>): Promise<StageOutcome> {
  try {
    await run();
    return { ok: true, initFailedIds: [], messages: [] };
  } catch (error) {
    const errors = EngineRunError.isInstance(error) ? [...error.errors] : [error];
    return {
      ok: false,
      initFailedIds: errors.filter(ResourceInitFailedError.isInstance).map((e) => e.id),
      messages: errors.map((e) => (e instanceof Error ? e.message : String(e))),
      error,
    };
  }
}

/** Collects matrix rows and prints them as a table. */
export class Matrix {
  private readonly rows: MatrixRow[] = [];

  constructor(private readonly title: string) {}

  /** Runs a scenario, timing it and recording its outcome; a thrown assertion is recorded as FAILED and rethrown. */
  async run(lab: FaultLab, scenario: string, body: () => Promise<{ outcome: string; engine: StateHolder }>): Promise<void> {
    const started = Date.now();
    try {
      const { outcome, engine } = await body();
      const audit = lab.audit(engine);
      this.rows.push({ scenario, outcome, cloud: audit.cloud.length, state: audit.state.length, ms: Date.now() - started });
    } catch (error) {
      const message = error instanceof Error ? error.message.split("\n", 1)[0]! : String(error);
      this.rows.push({ scenario, outcome: `FAILED: ${message.slice(0, 60)}`, cloud: -1, state: -1, ms: Date.now() - started });
      throw error;
    }
  }

  /** The table as text. */
  table(): string {
    const header = ["scenario", "outcome", "cloud", "state", "ms"];
    const cells = this.rows.map((r) => [r.scenario, r.outcome, String(r.cloud), String(r.state), String(r.ms)]);
    const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
    const line = (c: string[]) => `| ${c.map((v, i) => v.padEnd(widths[i]!)).join(" | ")} |`;
    const rule = `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`;
    return [`${this.title}`, line(header), rule, ...cells.map(line)].join("\n");
  }

  print(): void {
    console.log(this.table());
  }
}

/** Resolves once `predicate` holds, polling every 10 ms; throws after `timeoutMs`. */
export async function until(predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Fault rules that can still fire (GET /__emulator/faults): empty once every injected rule has fired its `times`. */
export async function pendingFaults(lab: FaultLab): Promise<unknown[]> {
  const answer = await fetch(`${lab.emulator.url}/__emulator/faults`);
  const body = (await answer.json()) as { faults: unknown[] };
  return body.faults;
}
