/**
 * state-saver.ts: "A failed save ... is logged (one line)"; transitions "falling due together make one
 * write". With the state file unwritable, 20 flow logs created in one burst and activating together must not log one
 * line per transition.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { startEmulator } from "../../src/emulator";
import { rawRequest, signedV2Query } from "./helpers";

const directory = mkdtempSync(join(tmpdir(), "emulator-flood-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

it("logs the failed saves of 20 simultaneous creates and their transitions without a flood", async () => {
  const file = join(directory, "blocked.json");
  const lines: string[] = [];
  // Activation well after the burst's last answer, however spread out a loaded machine makes the 20 requests: the lines
  // counted at the answers are the API writes' alone.
  const e = await startEmulator({ stateFile: file, settings: { activationDelayMs: 1_500 }, logger: (l) => lines.push(l) });
  rmSync(file); // written at start; a folder in its place blocks every write from now on
  mkdirSync(file, { recursive: true });
  writeFileSync(join(file, "x"), "occupied");
  const answeredAt: number[] = [];
  const answers = await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      rawRequest(e.port, {
        path: `/?${signedV2Query("CreateFlowLog", { RegionId: "cn-hangzhou", ResourceType: "VPC", ResourceId: `vpc-demo0${600 + i}`, TrafficType: "All", ProjectName: "flowlog-project", LogStoreName: "flowlog-store" })}`,
      }).then((answer) => (answeredAt.push(Date.now()), answer)),
    ),
  );
  expect(answers.every((a) => a.status === 200)).toBe(true);
  const afterWrites = lines.filter((l) => l.startsWith("state file not saved")).length;
  for (let i = 0; i < 100 && !e.flowLogs().every((f) => f.status === "Active"); i++) await new Promise((r) => setTimeout(r, 50));
  expect(e.flowLogs().every((f) => f.status === "Active")).toBe(true);
  await new Promise((r) => setTimeout(r, 300)); // the saver's coalescing window (100 ms) after the last transition
  const afterTransitions = lines.filter((l) => l.startsWith("state file not saved")).length - afterWrites;
  expect(afterWrites).toBe(20);
  // Transitions are saved at most once per 100 ms window: their spread is the answers' spread.
  const spreadMs = Math.max(...answeredAt) - Math.min(...answeredAt);
  expect(afterTransitions).toBeLessThanOrEqual(Math.max(5, 2 + Math.ceil(spreadMs / 100)));
  await expect(e.stop()).rejects.toThrow();
});
