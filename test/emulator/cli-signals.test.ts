/**
 * The `alicloud-vpc-emulator` process (dist/emulator/cli.js; `npm run build` first): its exit codes, and a prompt, clean
 * exit on SIGTERM even while a request waits in a latency fault.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer, type Server } from "node:net";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { rawRequest, signedV2Query } from "./helpers";

const ROOT = resolve(__dirname, "../..");
const CLI = join(ROOT, "dist/emulator/cli.js");
const directory = mkdtempSync(join(tmpdir(), "emulator-cli-"));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  rmSync(directory, { recursive: true, force: true });
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

async function port(output: () => string): Promise<number> {
  const deadline = Date.now() + 8000;
  for (;;) {
    const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output());
    if (m) return Number(m[1]);
    if (Date.now() > deadline) throw new Error(`no listening line: ${output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const within = <T>(p: Promise<T>, ms: number) => Promise.race([p, new Promise<"timeout">((r) => setTimeout(() => r("timeout"), ms))]);

describe("alicloud-vpc-emulator", () => {
  it("prints the usage with --help and exits 0", async () => {
    const cli = run(["--help"]);
    expect(await cli.exited).toBe(0);
    expect(cli.output()).toContain("--state-file");
  });

  it.each([["--port", "65536"], ["--port", "-1"], ["--port", "abc"], ["--activation-delay", "1e3"], ["--access-key", "nocolon"], ["--port"]])(
    "exits 2 with a message for %s %s",
    async (...args) => {
      const cli = run(args.filter((a) => a !== undefined));
      expect(await cli.exited).toBe(2);
      expect(cli.output()).toContain("alicloud-vpc-emulator:");
    },
  );

  it("exits 1 with one clear line when the port is in use", async () => {
    const blocker: Server = createServer();
    await new Promise<void>((r) => blocker.listen(0, "127.0.0.1", r));
    const taken = (blocker.address() as { port: number }).port;
    try {
      const cli = run(["--port", String(taken)]);
      expect(await cli.exited).toBe(1);
      expect(cli.output()).toMatch(new RegExp(`--port ${taken} is in use \\(EADDRINUSE\\)`));
      expect(cli.output()).not.toMatch(/\n\s+at /); // no stack trace
    } finally {
      blocker.close();
    }
  });

  it("exits 1 on a corrupt state file without touching it", async () => {
    const file = join(directory, "corrupt.json");
    writeFileSync(file, "{not json");
    const cli = run(["--port", "0", "--state-file", file]);
    expect(await cli.exited).toBe(1);
    expect(cli.output()).toContain("not valid JSON");
  });

  // cli.ts: "stops cleanly on SIGINT and SIGTERM". stop() ends a request held by a latency fault (up to 600000 ms) without
  // running it, and the wait's timer never keeps the process alive: it exits right after printing "stopped".
  it("exits promptly on SIGTERM while a request waits in a latency fault", async () => {
    const cli = run(["--port", "0", "--quiet"]);
    const p = await port(cli.output);
    const added = await rawRequest(p, { method: "POST", path: "/__emulator/faults", body: JSON.stringify({ kind: "latency", latencyMs: 20000 }) });
    expect(added.status).toBe(201);
    void rawRequest(p, { path: `/?${signedV2Query("DescribeFlowLogs", { RegionId: "cn-hangzhou" })}` }).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 200));
    cli.child.kill("SIGTERM");
    expect(await within(cli.exited, 3000)).toBe(0);
    expect(cli.output()).toContain("stopped");
  });
});
