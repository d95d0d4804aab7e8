/**
 * Entry of `npm run demo` (`npm run build && node dist/demo/main.js`). Nothing to configure: it starts the embedded
 * emulator. FLOWLOG_DEMO_ACTIVATION_MS sets the emulator's activation delay (default 3000). Exit code 0 on success,
 * 1 with a one-line reason on failure, 130 / 143 when stopped by SIGINT / SIGTERM (its provider process stopped too).
 */
import "../node-version";
import path from "node:path";
import { killProviderProcesses } from "../testing/provider-process";
import { runDemo } from "./run-demo";

async function main(): Promise<void> {
  const delay = Number(process.env.FLOWLOG_DEMO_ACTIVATION_MS ?? "3000");
  await runDemo({ rootDir: path.resolve(__dirname, "..", ".."), activationDelayMs: Number.isFinite(delay) ? delay : 3000 });
  console.log("Demo finished.");
}

// Without this, a signal ends the demo at once and its dynamic-provider process runs on, re-parented to init.
// Later signals (Ctrl-C twice) are ignored while it stops: the default action would end it before the provider is reaped.
let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.error(`Demo stopped by ${signal}.`);
    void killProviderProcesses().finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
  });
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(`Demo failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
