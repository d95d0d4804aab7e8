/**
 * Entry of `npm run demo` (`npm run build && node dist/demo/main.js`). Nothing to configure: it starts the embedded
 * emulator. FLOWLOG_DEMO_ACTIVATION_MS sets the emulator's activation delay (whole milliseconds, 0 to 300000; default
 * 3000). Exit code 0 on success, 1 with a one-line reason on failure, 129 / 130 / 143 when stopped by SIGHUP / SIGINT /
 * SIGTERM, 141 when its output was closed (its provider process is stopped in every case).
 */
import "../cli-node-version";
import path from "node:path";
import { killProviderProcesses } from "../testing/provider-process";
import { runDemo } from "./run-demo";

/** Longest activation delay the demo takes: the create waits at most 10 minutes (FlowLog's default timeout). */
const MAX_ACTIVATION_MS = 300_000;

/**
 * FLOWLOG_DEMO_ACTIVATION_MS: unset or empty for the default (3000), else a whole number of milliseconds up to 300000.
 * @throws Error naming the variable and the rule
 */
function activationDelayMs(text: string | undefined): number {
  if (text === undefined || text.trim() === "") return 3000;
  const value = /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
  if (!(value <= MAX_ACTIVATION_MS)) {
    throw new Error(`FLOWLOG_DEMO_ACTIVATION_MS must be a whole number of milliseconds from 0 to ${MAX_ACTIVATION_MS}; got ${JSON.stringify(text)}`);
  }
  return value;
}

/** Set once the demo stops early (signal, closed output): its steps print nothing more (a killed step is no failure). */
let stopping = false;

async function main(): Promise<void> {
  const print = (line: string): void => {
    if (!stopping) console.log(line);
  };
  await runDemo({ rootDir: path.resolve(__dirname, "..", ".."), activationDelayMs: activationDelayMs(process.env.FLOWLOG_DEMO_ACTIVATION_MS), print });
  print("Demo finished.");
}

/** Stops the demo early: its dynamic-provider process killed and reaped first, then exit with `code`. */
function stop(code: number, notice?: string): void {
  if (stopping) return;
  stopping = true;
  if (notice !== undefined) process.stderr.write(`${notice}\n`);
  void killProviderProcesses().finally(() => process.exit(code));
}

// Without this, a signal ends the demo at once and its dynamic-provider process runs on, re-parented to init (the
// provider process also exits once the demo is gone, by src/testing's EXIT_WITH_PARENT). Later signals (Ctrl-C twice)
// are ignored while it stops: the default action would end it before the provider is reaped. SIGHUP: the terminal closed.
const SIGNAL_EXIT = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 } as const;
for (const signal of Object.keys(SIGNAL_EXIT) as (keyof typeof SIGNAL_EXIT)[]) {
  process.on(signal, () => stop(SIGNAL_EXIT[signal], signal === "SIGHUP" ? undefined : `Demo stopped by ${signal}.`));
}
// Output closed by its reader (`npm run demo | head -5`): stop quietly, as a shell pipeline's writer does (SIGPIPE, 141).
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => stop(error.code === "EPIPE" ? 141 : 1));
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    if (stopping) return;
    console.error(`Demo failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
