/**
 * One emulator per state file, even across a suspension: an emulator stopped (Ctrl-Z, SIGSTOP) past the lock's 10 s
 * stale time loses its lock to a second one; once resumed, it notices, says so, and writes the file no more (state-lock.ts
 * onLost, StateSaver.lose), so the second one's flow logs are never overwritten; its stop exits 1 (state not saved).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { VpcClient } from "../../dist/client";
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET } from "../../dist/emulator";
import { cleanUp, EMULATOR_CLI, listeningUrl, output, sleep, spawnNode } from "./helpers/cli-processes";

const dir = mkdtempSync(join(tmpdir(), "emulator-cli-lock-"));
afterAll(() => {
  cleanUp(); // SIGKILL ends a stopped process too
  rmSync(dir, { recursive: true, force: true });
});

const run = (args: string[]) => spawnNode(EMULATOR_CLI, args);

async function create(endpoint: string, vpcId: string): Promise<string> {
  const c = new VpcClient({
    regionId: "cn-hangzhou",
    endpoint,
    credentials: { accessKeyId: DEFAULT_ACCESS_KEY_ID, accessKeySecret: DEFAULT_ACCESS_KEY_SECRET },
    rateLimit: false,
  });
  try {
    const r = await c.createFlowLog({ regionId: "cn-hangzhou", resourceType: "VPC", resourceId: vpcId, trafficType: "All", projectName: "flowlog-project", logStoreName: "flowlog-store" });
    return String((r as { FlowLogId: string }).FlowLogId);
  } finally {
    await c.close();
  }
}

describe("emulator CLI: the state file lock and a suspended emulator", () => {
  it("a resumed first emulator does not overwrite the file a second one took over", async () => {
    const file = join(dir, "state.json");
    const a = run(["--port", "0", "--quiet", "--state-file", file]);
    const aUrl = await listeningUrl(a);
    a.child.kill("SIGSTOP"); // Ctrl-Z
    await sleep(12_000);
    const b = run(["--port", "0", "--quiet", "--state-file", file]);
    // The lock went stale while the first was suspended: the second takes the file over.
    const bUrl = await listeningUrl(b);
    const fromB = await create(bUrl, "vpc-demo0001");
    expect(readFileSync(file, "utf8")).toContain(fromB);
    a.child.kill("SIGCONT"); // fg
    await sleep(500);
    // The first emulator still serves; what it is asked to create stays in its memory, not in the file.
    await create(aUrl, "vpc-demo0002");
    await sleep(300);
    expect(output(a)).toMatch(/state file no longer saved: its lock .* was lost/);
    expect(readFileSync(file, "utf8")).toContain(fromB);
    a.child.kill("SIGTERM");
    b.child.kill("SIGTERM");
    expect((await a.exited).code).toBe(1);
    expect((await b.exited).code).toBe(0);
    expect(readFileSync(file, "utf8")).toContain(fromB);
  }, 40_000);
});
