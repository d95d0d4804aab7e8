/**
 * The `alicloud-vpc-emulator` command: argument parsing, and a real run through tsx (the built dist/emulator/cli.js is
 * the same file compiled) that prints the listening line, serves the official client and stops on SIGTERM.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CLI_OPTIONS, CliUsageError, DEFAULT_CLI_PORT, parseCliArgs, USAGE } from "../../src/emulator/cli";
import { defaultWorld, loadState } from "../../src/emulator";
import { popClient } from "./helpers";

const ROOT = resolve(__dirname, "../..");
const TSX = join(ROOT, "node_modules/.bin/tsx");
const CLI = join(ROOT, "src/emulator/cli.ts");
const directory = mkdtempSync(join(tmpdir(), "emulator-cli-"));
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  rmSync(directory, { recursive: true, force: true });
});

describe("parseCliArgs", () => {
  it("uses port 9100 and loopback by default", () => {
    expect(parseCliArgs([])).toEqual({ help: false, quiet: false, options: { host: "127.0.0.1", port: DEFAULT_CLI_PORT, settings: {} } });
  });

  it("reads every option", () => {
    const command = parseCliArgs([
      "--port", "0", "--host", "::1", "--state-file", "s.json", "--world", "w.json", "--activation-delay", "250",
      "--transition-delay", "10", "--access-key", "id1:sec:ret", "--access-key", "id2:s2", "--quiet",
    ]);
    expect(command).toEqual({
      help: false,
      quiet: true,
      options: {
        host: "::1",
        port: 0,
        stateFile: "s.json",
        world: "w.json",
        settings: { activationDelayMs: 250, transitionDelayMs: 10 },
        accessKeys: [
          { accessKeyId: "id1", accessKeySecret: "sec:ret" },
          { accessKeyId: "id2", accessKeySecret: "s2" },
        ],
      },
    });
    expect(parseCliArgs(["--help"])).toEqual({ help: true });
  });

  it.each([[["--port", "http"]], [["--port", "70000"]], [["--activation-delay", "-1"]], [["--access-key", "no-colon"]], [["--what"]]])(
    "refuses %j",
    (argv) => {
      expect(() => parseCliArgs(argv)).toThrow(CliUsageError);
    },
  );

  it("lists every accepted option in --help, with its short form and value", () => {
    for (const [name, option] of Object.entries(CLI_OPTIONS)) {
      const short = "short" in option ? `-${option.short}, ` : "";
      const value = option.type === "string" ? " <" : " ";
      expect(USAGE.split("\n").some((line) => line.startsWith(`  ${short}--${name}${value}`)), `--${name}`).toBe(true);
    }
    expect(USAGE).toContain("--world <path>");
    expect(USAGE).toContain(`(default ${DEFAULT_CLI_PORT})`);
    expect(USAGE).toMatch(/--access-key <id:secret>.*repeatable/);
  });

  it("never echoes a secret given with --access-key in an error", () => {
    try {
      parseCliArgs(["--access-key", ":only-a-secret"]);
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).not.toContain("only-a-secret");
    }
  });
});

function run(args: string[]): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(TSX, [CLI, ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let text = "";
  child.stdout!.on("data", (c: Buffer) => (text += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (text += c.toString()));
  const exited = new Promise<number | null>((done) => child.on("exit", (code) => done(code)));
  return { child, output: () => text, exited };
}

async function listeningUrl(output: () => string, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output());
    if (match) return match[1]!;
    if (Date.now() > deadline) throw new Error(`no listening line; output so far: ${output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("alicloud-vpc-emulator", () => {
  it("prints the listening line, serves with a configured key and world, saves state, and stops on SIGTERM", async () => {
    const worldFile = join(directory, "world.json");
    writeFileSync(worldFile, JSON.stringify(defaultWorld()));
    const stateFile = join(directory, "state.json");
    const cli = run(["--port", "0", "--world", worldFile, "--state-file", stateFile, "--access-key", "cli-id:cli-secret", "--activation-delay", "50"]);
    const url = await listeningUrl(cli.output);
    const port = Number(new URL(url).port);
    const client = popClient(port, { accessKeyId: "cli-id", accessKeySecret: "cli-secret" });
    const created = await client.request<{ FlowLogId: string }>("CreateFlowLog", {
      RegionId: "cn-hangzhou",
      ResourceType: "VPC",
      ResourceId: "vpc-demo0501",
      TrafficType: "All",
      ProjectName: "flowlog-project",
      LogStoreName: "flowlog-store",
    });
    cli.child.kill("SIGTERM");
    expect(await cli.exited).toBe(0);
    expect(cli.output()).toContain("CreateFlowLog 200");
    expect(cli.output()).toContain("stopped");
    expect(cli.output()).not.toContain("cli-secret");
    expect(loadState(stateFile)?.flowLogs.map((f) => f.flowLogId)).toEqual([created.FlowLogId]);
  });

  // Reading a FIFO blocks until a writer comes, with the event loop stopped: run as a child, killed if it blocks.
  it("exits, naming the file, when the world file is a FIFO instead of blocking", async () => {
    const fifo = join(directory, "world.fifo");
    execFileSync("mkfifo", [fifo]);
    const cli = run(["--port", "0", "--world", fifo]);
    const timer = setTimeout(() => cli.child.kill("SIGKILL"), 15_000);
    const code = await cli.exited;
    clearTimeout(timer);
    expect(code).toBe(1);
    expect(cli.output()).toContain(`The world file ${fifo} cannot be read: not a regular file`);
  }, 20_000);

  it("exits 2 with the usage on a bad option", async () => {
    const cli = run(["--no-such-option"]);
    expect(await cli.exited).toBe(2);
    expect(cli.output()).toContain("Usage: alicloud-vpc-emulator");
  });
});
