/**
 * The emulator CLI stopped by SIGTERM while a burst of CreateFlowLog / DeleteFlowLog calls is in flight. README: "Exit
 * codes: 0 after SIGINT / SIGTERM (state saved)"; state-saver.ts: "written at once after every API write ... its answer
 * then means 'on disk'". So every create answered with a FlowLogId is in the file, every delete answered OK is Deleting or
 * gone, the file is valid JSON, and the lock is removed. Also: settings precedence across restarts and reset (README,
 * "--state-file" and "POST /__emulator/reset").
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { VpcClient } from "../../dist/client";
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET } from "../../dist/emulator";
import { cleanUp, EMULATOR_CLI, listeningUrl, spawnNode } from "./helpers/cli-processes";

const dir = mkdtempSync(join(tmpdir(), "emulator-cli-stop-"));
afterAll(() => {
  cleanUp();
  rmSync(dir, { recursive: true, force: true });
});

const run = (args: string[]) => spawnNode(EMULATOR_CLI, args);

function client(endpoint: string): VpcClient {
  return new VpcClient({
    regionId: "cn-hangzhou",
    endpoint,
    credentials: { accessKeyId: DEFAULT_ACCESS_KEY_ID, accessKeySecret: DEFAULT_ACCESS_KEY_SECRET },
    retry: { maxAttempts: 1 },
    rateLimit: false,
  });
}

const vpc = (i: number) => `vpc-demo${String(i).padStart(4, "0")}`;

describe("emulator CLI: SIGTERM with requests in flight", () => {
  it("every answered create is in the saved file, the file is valid JSON, exit 0, no lock left", async () => {
    const file = join(dir, "burst.json");
    const cli = run(["--port", "0", "--quiet", "--state-file", file, "--activation-delay", "50"]);
    const c = client(await listeningUrl(cli));
    const created: string[] = [];
    const calls: Promise<unknown>[] = [];
    for (let i = 1; i <= 300; i++) {
      calls.push(
        c
          .createFlowLog({ regionId: "cn-hangzhou", resourceType: "VPC", resourceId: vpc(i), trafficType: "All", projectName: "flowlog-project", logStoreName: "flowlog-store" })
          .then((r) => void created.push(String((r as { FlowLogId: string }).FlowLogId)), () => undefined),
      );
    }
    // Stop once some answers came back, with others still in flight.
    while (created.length < 40) await new Promise((r) => setTimeout(r, 1));
    cli.child.kill("SIGTERM");
    await Promise.all(calls);
    const { code } = await cli.exited;
    await c.close();
    const saved = JSON.parse(readFileSync(file, "utf8")) as { snapshot: { flowLogs: { flowLogId: string }[] } };
    const onDisk = new Set(JSON.stringify(saved).match(/fl-[a-z0-9]+/g) ?? []);
    const missing = created.filter((id) => !onDisk.has(id));
    expect({ code, answered: created.length > 0, missing, lock: existsSync(`${file}.lock`) }).toEqual({ code: 0, answered: true, missing: [], lock: false });
  }, 60_000);

  it("settings: a state file's PATCHed value survives restart, flags override it, reset returns to built-ins + flags", async () => {
    const file = join(dir, "settings.json");
    let cli = run(["--port", "0", "--quiet", "--state-file", file]);
    let base = await listeningUrl(cli);
    const patch = await fetch(`${base}/__emulator/settings`, { method: "PATCH", body: JSON.stringify({ activationDelayMs: 4321, transitionDelayMs: 777, quotaPerRegion: 5 }) });
    expect(patch.status).toBe(200);
    cli.child.kill("SIGTERM");
    expect((await cli.exited).code).toBe(0);

    cli = run(["--port", "0", "--quiet", "--state-file", file, "--transition-delay", "55"]);
    base = await listeningUrl(cli);
    const after = (await (await fetch(`${base}/__emulator/settings`)).json()) as Record<string, unknown>;
    expect([after.activationDelayMs, after.transitionDelayMs, after.quotaPerRegion]).toEqual([4321, 55, 5]);
    expect((await fetch(`${base}/__emulator/reset`, { method: "POST" })).status).toBe(200);
    const reset = (await (await fetch(`${base}/__emulator/settings`)).json()) as Record<string, unknown>;
    expect([reset.activationDelayMs, reset.transitionDelayMs, reset.quotaPerRegion]).toEqual([3000, 55, 1000]);
    cli.child.kill("SIGINT");
    expect((await cli.exited).code).toBe(0);
    const saved = readFileSync(file, "utf8");
    expect(saved).toContain('"transitionDelayMs": 55');
    expect(saved).not.toContain("4321");
  }, 60_000);
});
