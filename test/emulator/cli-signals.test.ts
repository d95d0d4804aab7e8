/**
 * The `alicloud-vpc-emulator` process (dist/emulator/cli.js; `npm run build` first): its exit codes, and a prompt, clean
 * exit on SIGTERM even while a request waits in a latency fault.
 */
import { createServer, type Server } from "node:net";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cleanUp, EMULATOR_CLI, listeningUrl, output, spawnNode, type Spawned } from "../e2e/helpers/cli-processes";
import { rawRequest, signedV2Query } from "./helpers";

const directory = mkdtempSync(join(tmpdir(), "emulator-cli-"));
afterAll(() => {
  cleanUp();
  rmSync(directory, { recursive: true, force: true });
});

function run(args: string[]): Spawned {
  return spawnNode(EMULATOR_CLI, args);
}

async function exitCode(cli: Spawned): Promise<number | null> {
  return (await cli.exited).code;
}

const within = <T>(p: Promise<T>, ms: number) => Promise.race([p, new Promise<"timeout">((r) => setTimeout(() => r("timeout"), ms))]);

describe("alicloud-vpc-emulator", () => {
  it("prints the usage with --help and exits 0", async () => {
    const cli = run(["--help"]);
    expect(await exitCode(cli)).toBe(0);
    expect(output(cli)).toContain("--state-file");
  });

  it.each([["--port", "65536"], ["--port", "-1"], ["--port", "abc"], ["--activation-delay", "1e3"], ["--access-key", "nocolon"], ["--port"]])(
    "exits 2 with a message for %s %s",
    async (...args) => {
      const cli = run(args.filter((a) => a !== undefined));
      expect(await exitCode(cli)).toBe(2);
      expect(output(cli)).toContain("alicloud-vpc-emulator:");
    },
  );

  it("exits 1 with one clear line when the port is in use", async () => {
    const blocker: Server = createServer();
    await new Promise<void>((r) => blocker.listen(0, "127.0.0.1", r));
    const taken = (blocker.address() as { port: number }).port;
    try {
      const cli = run(["--port", String(taken)]);
      expect(await exitCode(cli)).toBe(1);
      expect(output(cli)).toMatch(new RegExp(`--port ${taken} is in use \\(EADDRINUSE\\)`));
      expect(output(cli)).not.toMatch(/\n\s+at /); // no stack trace
    } finally {
      blocker.close();
    }
  });

  it("exits 1 on a corrupt state file without touching it", async () => {
    const file = join(directory, "corrupt.json");
    writeFileSync(file, "{not json");
    const cli = run(["--port", "0", "--state-file", file]);
    expect(await exitCode(cli)).toBe(1);
    expect(output(cli)).toContain("not valid JSON");
  });

  // README: exit 1 "when it cannot start (... a bad state or world file: one line naming the flag or file)". Under /proc a
  // folder answers ENOENT though its parent exists: Node's recursive mkdir looped there forever, deaf to SIGTERM.
  it.skipIf(!existsSync("/proc/self"))("exits 1 with one line when the state file's folder cannot be made", async () => {
    const cli = run(["--port", "0", "--state-file", "/proc/no-such-dir/state.json"]);
    const code = await within(exitCode(cli), 10_000);
    if (code === "timeout") cli.child.kill("SIGKILL");
    expect(code).toBe(1);
    expect(output(cli)).toContain("/proc/no-such-dir/state.json");
    expect(output(cli)).not.toMatch(/\n\s+at /);
  });

  // cli.ts: "stops cleanly on SIGINT and SIGTERM". stop() ends a request held by a latency fault (up to 600000 ms) without
  // running it, and the wait's timer never keeps the process alive: it exits right after printing "stopped".
  it("exits promptly on SIGTERM while a request waits in a latency fault", async () => {
    const cli = run(["--port", "0", "--quiet"]);
    const p = Number(new URL(await listeningUrl(cli, 8000)).port);
    const added = await rawRequest(p, { method: "POST", path: "/__emulator/faults", body: JSON.stringify({ kind: "latency", latencyMs: 20000 }) });
    expect(added.status).toBe(201);
    void rawRequest(p, { path: `/?${signedV2Query("DescribeFlowLogs", { RegionId: "cn-hangzhou" })}` }).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 200));
    cli.child.kill("SIGTERM");
    expect(await within(exitCode(cli), 3000)).toBe(0);
    expect(output(cli)).toContain("stopped");
  });
});
