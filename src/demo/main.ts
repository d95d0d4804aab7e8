/**
 * Entry of `npm run demo` (`npm run build && node dist/demo/main.js`). Nothing to configure: it starts the embedded
 * emulator. FLOWLOG_DEMO_ACTIVATION_MS sets the emulator's activation delay (default 3000). Exit code 0 on success,
 * 1 with a one-line reason on failure.
 */
import "../node-version";
import path from "node:path";
import { runDemo } from "./run-demo";

async function main(): Promise<void> {
  const delay = Number(process.env.FLOWLOG_DEMO_ACTIVATION_MS ?? "3000");
  await runDemo({ rootDir: path.resolve(__dirname, "..", ".."), activationDelayMs: Number.isFinite(delay) ? delay : 3000 });
  console.log("Demo finished.");
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(`Demo failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
