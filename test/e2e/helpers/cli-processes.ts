/**
 * Shared helpers of the CLI tests: spawn the built CLIs (dist/, `npm run build` first) with the Node running
 * vitest (npm's Node 22), watch their descendants through /proc, and clean up only what these tests started.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

export const ROOT = path.resolve(__dirname, "..", "..", "..");
export const EMULATOR_CLI = path.join(ROOT, "dist/emulator/cli.js");
export const DEMO = path.join(ROOT, "dist/demo/main.js");

export interface Spawned {
  readonly child: ChildProcess;
  readonly out: () => string;
  readonly err: () => string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Every process seen as a child of `child` (sampled every 10 ms while it runs). */
  readonly seen: Set<number>;
}

const started: ChildProcess[] = [];
const descendants = new Set<number>();

export function spawnNode(script: string, args: string[], env: NodeJS.ProcessEnv = process.env): Spawned {
  const child = spawn(process.execPath, [script, ...args], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  started.push(child);
  let out = "";
  let err = "";
  child.stdout!.on("data", (b: Buffer) => (out += b.toString()));
  child.stderr!.on("data", (b: Buffer) => (err += b.toString()));
  // A destroyed stdout must not make the parent throw.
  child.stdout!.on("error", () => undefined);
  const seen = new Set<number>();
  const sampler = setInterval(() => {
    if (child.pid === undefined) return;
    for (const pid of childrenOf(child.pid)) {
      seen.add(pid);
      descendants.add(pid);
    }
  }, 10);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => {
      clearInterval(sampler);
      resolve({ code, signal });
    }),
  );
  return { child, out: () => out, err: () => err, exited, seen };
}

/** Stdout and stderr of a spawned process, together. */
export const output = (spawned: Spawned): string => spawned.out() + spawned.err();

/** The URL of an emulator CLI's `listening on http://...` line; throws when it exits or `ms` passes first. */
export async function listeningUrl(emulator: Spawned, ms = 10_000): Promise<string> {
  let exited = false;
  void emulator.exited.then(() => (exited = true));
  const deadline = Date.now() + ms;
  for (;;) {
    const found = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output(emulator));
    if (found) return found[1]!;
    if (exited || Date.now() > deadline) throw new Error(`no listening line: ${output(emulator)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Waits until `probe()` is true (polling), or throws after `ms`. */
export async function until(probe: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export function childrenOf(pid: number): number[] {
  const found: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      if (Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === pid) found.push(Number(entry));
    } catch {
      // gone
    }
  }
  return found;
}

/** Alive and not a zombie (state Z counts as dead). */
export function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

/** CPU ticks (utime + stime) of a process, or undefined when it is gone. */
export function cpuTicks(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}

/** Kills, by pid, every process these tests started and every descendant seen, that is still alive. */
export function cleanUp(): void {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  for (const pid of descendants) {
    if (!alive(pid)) continue;
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // gone meanwhile
    }
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Demo environment with nothing from the developer's shell that could point it elsewhere. */
export function demoEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, FLOWLOG_DEMO_ACTIVATION_MS: "500" };
  for (const key of Object.keys(env)) if (key.startsWith("ALIBABA_CLOUD_") || key.startsWith("ALICLOUD_")) delete env[key];
  return { ...env, ...extra };
}
