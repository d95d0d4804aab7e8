/**
 * src/testing/provider-process.ts EXIT_WITH_PARENT (stdin as the parent-death pipe), through dist/ (`npm run build`
 * first): stop() ends the process and leaves nothing that keeps the parent alive; a parent that stays alive keeps its
 * provider process; a parent killed outright does not leave it running; many at once.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "..", "..");
const PP = path.join(ROOT, "dist/testing/provider-process.js");
const started: ChildProcess[] = [];
const providerPids = new Set<number>();

afterAll(() => {
  for (const c of started) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  for (const pid of providerPids) if (alive(pid)) process.kill(pid, "SIGKILL");
});

function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
async function until(probe: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!probe()) {
    if (Date.now() > deadline) return false;
    await sleep(20);
  }
  return true;
}

/** A parent node script: starts `count` provider processes, prints their pids, then runs `then`. */
function parent(count: number, then: string): { child: ChildProcess; lines: string[]; exited: Promise<number | null> } {
  const script = `
    const { startProviderProcess } = require(${JSON.stringify(PP)});
    (async () => {
      const ps = await Promise.all(Array.from({ length: ${count} }, () =>
        startProviderProcess({ projectDir: ${JSON.stringify(ROOT)}, project: "rv2", startTimeoutMs: 20000 })));
      console.log("pids " + ps.map((p) => p.pid).join(","));
      ${then}
    })().catch((e) => { console.log("error " + e.message); process.exit(3); });`;
  const child = spawn(process.execPath, ["-e", script], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  started.push(child);
  const lines: string[] = [];
  let buf = "";
  child.stdout!.on("data", (b: Buffer) => {
    buf += b.toString();
    const parts = buf.split("\n");
    buf = parts.pop()!;
    for (const l of parts) {
      lines.push(l);
      if (l.startsWith("pids ")) for (const p of l.slice(5).split(",")) providerPids.add(Number(p));
    }
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, lines, exited };
}
const pidsOf = (lines: string[]): number[] => (lines.find((l) => l.startsWith("pids ")) ?? "pids ").slice(5).split(",").filter(Boolean).map(Number);

describe("provider process and its parent", () => {
  it("after stop() the parent exits on its own within a second (no open stdin pipe keeps it alive)", async () => {
    const p = parent(1, `await ps[0].stop(); console.log("stopped " + Date.now());`);
    expect(await until(() => p.lines.some((l) => l.startsWith("stopped ") || l.startsWith("error ")), 25_000)).toBe(true);
    const stoppedAt = Date.now();
    const done = await Promise.race([p.exited.then(() => "exited"), sleep(1_000).then(() => "still running")]);
    expect({ done, within: Date.now() - stoppedAt < 1_100 }).toEqual({ done: "exited", within: true });
    expect(pidsOf(p.lines).filter(alive)).toEqual([]);
  }, 40_000);

  it("a parent that stays alive and closes nothing keeps its provider process running; killed by SIGKILL, the provider follows", async () => {
    const p = parent(1, `setInterval(() => undefined, 1000);`);
    expect(await until(() => pidsOf(p.lines).length === 1, 25_000)).toBe(true);
    const [pid] = pidsOf(p.lines);
    await sleep(1_500);
    expect(alive(pid!)).toBe(true);
    p.child.kill("SIGKILL");
    expect(await until(() => !alive(pid!), 5_000)).toBe(true);
  }, 40_000);

  it("eight at once in one parent: all run, all stop, the parent then exits on its own", async () => {
    const p = parent(8, `await new Promise((r) => setTimeout(r, 800)); console.log("alive " + ps.length); await Promise.all(ps.map((x) => x.stop())); console.log("stopped");`);
    expect(await until(() => p.lines.includes("stopped") || p.lines.some((l) => l.startsWith("error ")), 35_000)).toBe(true);
    expect(pidsOf(p.lines)).toHaveLength(8);
    const done = await Promise.race([p.exited.then(() => "exited"), sleep(1_000).then(() => "still running")]);
    expect(done).toBe("exited");
    expect(pidsOf(p.lines).filter(alive)).toEqual([]);
  }, 60_000);

  it("a parent that exits without stop() (process.exit) leaves no provider process behind", async () => {
    const p = parent(3, `process.exit(0);`);
    await p.exited;
    const pids = pidsOf(p.lines);
    expect(pids).toHaveLength(3);
    expect(await until(() => pids.every((x) => !alive(x)), 5_000)).toBe(true);
  }, 40_000);
});
