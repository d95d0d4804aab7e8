/**
 * A signal to `npm run demo` (which `exec`s node, so npm forwards it) ends the demo with its dynamic-provider process:
 * a Node process ended by a signal would leave it running, re-parented to init (src/demo/main.ts, killProviderProcesses).
 * Runs the built demo (`npm run build`, as `npm test` does).
 */
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "..", "..");

function childrenOf(pid: number): number[] {
  const found: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === pid) found.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

/** Running: it exists and is not a zombie (an unreaped child re-parented to an init that does not reap still exists). */
const alive = (pid: number): boolean => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
};

describe.each(["SIGTERM", "SIGINT"] as const)("npm run demo, %s forwarded by npm", (signal) => {
  it("leaves no process of the demo running", async () => {
    const demo = spawn(process.execPath, [path.join(ROOT, "dist/demo/main.js")], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, FLOWLOG_DEMO_ACTIVATION_MS: "5000" } });
    let out = "";
    demo.stdout.on("data", (b: Buffer) => (out += b.toString()));
    const exited = new Promise<void>((resolve) => demo.once("exit", () => resolve()));
    const deadline = Date.now() + 20_000;
    let children: number[] = [];
    while (Date.now() < deadline && !out.includes("waiting for Active")) await new Promise((r) => setTimeout(r, 50));
    children = childrenOf(demo.pid!);
    expect(children.length).toBeGreaterThan(0);
    demo.kill(signal);
    await exited;
    await new Promise((r) => setTimeout(r, 1_500));
    const left = children.filter(alive);
    for (const pid of left) process.kill(pid, "SIGKILL"); // clean up what this test started
    expect(left).toEqual([]);
  }, 40_000);
});
