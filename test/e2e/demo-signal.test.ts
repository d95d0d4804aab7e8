/**
 * A signal to the demo (`npm run demo` `exec`s node, so npm forwards it) ends it with 130 / 143 and its dynamic-provider
 * process killed and reaped (src/demo/main.ts): a Node process ended by a signal would leave it running, re-parented to
 * an init that may not reap it. Runs the built demo (`npm run build`, as `npm test` does); killProviderProcesses alone too.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { killProviderProcesses, startProviderProcess } from "../../src/testing/provider-process";
import { alive, childrenOf } from "./helpers/cli-processes";

const ROOT = path.resolve(__dirname, "..", "..");

interface Outcome { code: number | null; signal: string | null; stderr: string; left: number[]; sawChild: boolean; unreaped: number[] }

/** Starts the demo, waits for `marker` on stdout, then sends `signals` `gapMs` apart. */
async function runAndSignal(marker: string, signals: NodeJS.Signals[], gapMs = 0, afterMarkerMs = 0): Promise<Outcome> {
  const demo = spawn(process.execPath, [path.join(ROOT, "dist/demo/main.js")], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, FLOWLOG_DEMO_ACTIVATION_MS: "1500" },
  });
  let out = "";
  let stderr = "";
  demo.stdout.on("data", (b: Buffer) => (out += b.toString()));
  demo.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
  const seen = new Set<number>();
  const sampler = setInterval(() => childrenOf(demo.pid!).forEach((p) => seen.add(p)), 10);
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => demo.once("exit", (code, signal) => resolve({ code, signal })));
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline && !out.includes(marker) && demo.exitCode === null) await new Promise((r) => setTimeout(r, 5));
  await new Promise((r) => setTimeout(r, afterMarkerMs));
  childrenOf(demo.pid!).forEach((p) => seen.add(p));
  for (const [i, s] of signals.entries()) {
    if (i > 0) await new Promise((r) => setTimeout(r, gapMs));
    demo.kill(s);
  }
  const { code, signal } = await exited;
  clearInterval(sampler);
  await new Promise((r) => setTimeout(r, 300));
  const left = [...seen].filter(alive);
  // Still in /proc after the demo exited: a zombie nobody reaped (pid 1 here does not reap).
  const unreaped = [...seen].filter((pid) => { try { readFileSync(`/proc/${pid}/stat`); return true; } catch { return false; } });
  for (const pid of left) process.kill(pid, "SIGKILL"); // clean up what this test started
  return { code, signal, stderr, left, sawChild: seen.size > 0, unreaped };
}

describe("demo: signals (exit code, no process left, nothing but the one-line notice)", () => {
  it("SIGINT while the provider process is being started (before its port line): 130, none left", async () => {
    const o = await runAndSignal("pulumi up", ["SIGINT"], 0, 150);
    expect({ code: o.code, signal: o.signal, left: o.left }).toEqual({ code: 130, signal: null, left: [] });
    expect(o.stderr.trim()).toBe("Demo stopped by SIGINT.");
  }, 30_000);

  it("SIGINT before any provider process (right after the emulator started): 130", async () => {
    const o = await runAndSignal("VPC API emulator", ["SIGINT"]);
    expect({ code: o.code, signal: o.signal, left: o.left }).toEqual({ code: 130, signal: null, left: [] });
  }, 30_000);

  it("SIGTERM during destroy: 143, none left, no 'Demo failed' or unhandled rejection", async () => {
    const o = await runAndSignal("waiting for gone", ["SIGTERM"]);
    expect({ code: o.code, signal: o.signal, left: o.left, sawChild: o.sawChild, unreaped: o.unreaped }).toEqual({ code: 143, signal: null, left: [], sawChild: true, unreaped: [] });
    expect(o.stderr.trim()).toBe("Demo stopped by SIGTERM.");
  }, 30_000);

  // Ctrl-C pressed twice (or npm and the terminal both delivering it): the second must not end the demo by Node's default
  // action before the provider process is reaped.
  it("SIGINT twice, 2 ms apart, while waiting for Active: exits 130, provider process reaped", async () => {
    const o = await runAndSignal("waiting for Active", ["SIGINT", "SIGINT"], 2);
    expect({ code: o.code, signal: o.signal, left: o.left, unreaped: o.unreaped }).toEqual({ code: 130, signal: null, left: [], unreaped: [] });
  }, 30_000);

});

describe("killProviderProcesses", () => {
  it("with no live provider process resolves at once", async () => {
    const t0 = Date.now();
    await killProviderProcesses();
    expect(Date.now() - t0).toBeLessThan(50);
  });

  it("kills a started provider process and resolves once it exited; a second call returns at once", async () => {
    const p = await startProviderProcess({ projectDir: path.join(ROOT, "examples", "flowlog"), project: "flowlog-example" });
    expect(alive(p.pid)).toBe(true);
    await killProviderProcesses(5_000);
    expect(alive(p.pid)).toBe(false);
    const t0 = Date.now();
    await killProviderProcesses(5_000);
    expect(Date.now() - t0).toBeLessThan(50);
    await p.stop();
  }, 20_000);

  // A spawn that failed (ENOENT) emits "error" and "close" but never "exit": it must not stay among the live processes.
  it("a provider process that never spawned (no such node) does not hold killProviderProcesses to its timeout", async () => {
    const started = await startProviderProcess({ projectDir: ROOT, project: "x", nodePath: "/nonexistent/node", startTimeoutMs: 500 }).then(
      () => "started",
      (e: unknown) => (e instanceof Error ? e.message : String(e)),
    );
    expect(started).not.toBe("started");
    const t0 = Date.now();
    await killProviderProcesses(3_000);
    expect(Date.now() - t0).toBeLessThan(500);
  }, 20_000);
});
