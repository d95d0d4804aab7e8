/**
 * `--quiet` drops the request lines only (README, --help): a state file that cannot be saved is still reported while the
 * emulator runs ("state file not saved, retried on the next change"), not only by the exit code at stop.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = resolve(__dirname, "../..");
const CLI = join(ROOT, "dist/emulator/cli.js");
const dir = mkdtempSync(join(tmpdir(), "emulator-cli-quiet-"));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

async function savesFailing(extra: string[]): Promise<{ out: string; code: number | null }> {
  const file = join(dir, `s${children.length}.json`);
  const child = spawn(process.execPath, [CLI, "--port", "0", "--state-file", file, ...extra], { stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let out = "";
  child.stdout!.on("data", (b: Buffer) => (out += b.toString()));
  child.stderr!.on("data", (b: Buffer) => (out += b.toString()));
  const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
  const deadline = Date.now() + 10_000;
  while (!/listening on (\S+)/.test(out)) {
    if (Date.now() > deadline) throw new Error(out);
    await new Promise((r) => setTimeout(r, 20));
  }
  const url = /listening on (\S+)/.exec(out)![1]!;
  rmSync(file);
  mkdirSync(join(file, "x"), { recursive: true }); // the path is now a non-empty folder: every save fails
  await fetch(`${url}/__emulator/settings`, { method: "PATCH", body: JSON.stringify({ activationDelayMs: 10 }) });
  await new Promise((r) => setTimeout(r, 300));
  const during = out;
  child.kill("SIGTERM");
  return { out: during, code: await exited };
}

describe("emulator CLI: --quiet and state file failures", () => {
  it("without --quiet the failed save is one line (control)", async () => {
    const r = await savesFailing([]);
    expect(r.out).toMatch(/state file not saved/);
    expect(r.out).toMatch(/PATCH \/__emulator\/settings 200/);
    expect(r.code).toBe(1);
  });

  it("with --quiet the failed save is still reported while running", async () => {
    const r = await savesFailing(["--quiet"]);
    expect(r.out).toMatch(/state file not saved/);
    expect(r.out).not.toMatch(/PATCH/);
    expect(r.code).toBe(1);
  });
});
