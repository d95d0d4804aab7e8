/**
 * One emulator per state file, even across a suspension: an emulator stopped (Ctrl-Z, SIGSTOP) past the lock's 10 s
 * stale time loses its lock to a second one; once resumed, it notices, says so, and writes the file no more (state-lock.ts
 * onLost, StateSaver.lose), so the second one's flow logs are never overwritten; its stop exits 1 (state not saved).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { VpcClient } from "../../dist/client";
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET } from "../../dist/emulator";

const ROOT = resolve(__dirname, "../..");
const CLI = join(ROOT, "dist/emulator/cli.js");
const dir = mkdtempSync(join(tmpdir(), "emulator-cli-lock-"));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) {
    if (c.exitCode === null && c.signalCode === null) {
      c.kill("SIGCONT");
      c.kill("SIGKILL");
    }
  }
  rmSync(dir, { recursive: true, force: true });
});

function run(args: string[]) {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let out = "";
  child.stdout!.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
  return { child, output: () => out, exited };
}

async function url(output: () => string, exited: Promise<number | null>): Promise<string> {
  let done = false;
  void exited.then(() => (done = true));
  const deadline = Date.now() + 10_000;
  for (;;) {
    const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output());
    if (m) return m[1]!;
    if (done || Date.now() > deadline) throw new Error(`no listening line: ${output()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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
    const aUrl = await url(a.output, a.exited);
    a.child.kill("SIGSTOP"); // Ctrl-Z
    await sleep(12_000);
    const b = run(["--port", "0", "--quiet", "--state-file", file]);
    // The lock went stale while the first was suspended: the second takes the file over.
    const bUrl = await url(b.output, b.exited);
    const fromB = await create(bUrl, "vpc-demo0001");
    expect(readFileSync(file, "utf8")).toContain(fromB);
    a.child.kill("SIGCONT"); // fg
    await sleep(500);
    // The first emulator still serves; what it is asked to create stays in its memory, not in the file.
    await create(aUrl, "vpc-demo0002");
    await sleep(300);
    expect(a.output()).toMatch(/state file no longer saved: its lock .* was lost/);
    expect(readFileSync(file, "utf8")).toContain(fromB);
    a.child.kill("SIGTERM");
    b.child.kill("SIGTERM");
    expect(await a.exited).toBe(1);
    expect(await b.exited).toBe(0);
    expect(readFileSync(file, "utf8")).toContain(fromB);
  }, 40_000);
});
