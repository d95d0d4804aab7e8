/**
 * The `alicloud-vpc-emulator` command line (dist/emulator/cli.js, `npm run build` first) against bad flags, files and
 * ports, signals and a closed stdout, driven as a child process with the Node running vitest: one-line errors naming the
 * flag and its rule, no stack traces, no secret echoed, nothing left behind by a refused start.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { request } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { EMULATOR_CLI, cleanUp, sleep, spawnNode, until } from "./helpers/cli-processes";

const dir = mkdtempSync(path.join(tmpdir(), "cli-test-emu-"));
afterAll(() => {
  cleanUp();
  rmSync(dir, { recursive: true, force: true });
});

function emulator(args: string[]) {
  return spawnNode(EMULATOR_CLI, args);
}

/** The usage error's own text: the stderr part before the blank line and the USAGE text. */
function usageMessage(stderr: string): string {
  return stderr.split("\n\nUsage:")[0]!;
}

function get(port: number, pathname: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path: pathname, agent: false }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end();
  });
}

async function listeningPort(e: ReturnType<typeof emulator>): Promise<number> {
  await until(() => /listening on http:\/\/\S+:\d+/.test(e.out()) || e.child.exitCode !== null, 8000, "listening line");
  const m = /listening on http:\/\/\S*:(\d+)/.exec(e.out());
  if (!m) throw new Error(`no listening line; stdout ${e.out()} stderr ${e.err()}`);
  return Number(m[1]);
}

describe("alicloud-vpc-emulator: usage errors", () => {
  // Held: each exits 2 with "alicloud-vpc-emulator: <one line naming the flag>" and the usage, no stack.
  it.each([
    [["--port", "65536"], "--port"],
    [["--port", "1.5"], "--port"],
    [["--port", "0x10"], "--port"],
    [["--port", ""], "--port"],
    [["--port", "99999999999999999999"], "--port"],
    [["--activation-delay", "abc"], "--activation-delay"],
    [["--transition-delay", "1e3"], "--transition-delay"],
    [["--access-key", "nocolon"], "--access-key"],
    [["--access-key", ":secret"], "--access-key"],
    [["--bogus"], "--bogus"],
    [["--quiet=yes"], "--quiet"],
    [["--port"], "--port"],
  ])("%j exits 2 with one line naming %s, no stack", async (args, flag) => {
    const e = emulator(args);
    const { code } = await e.exited;
    expect(code).toBe(2);
    const message = usageMessage(e.err());
    expect(message.split("\n")).toHaveLength(1);
    expect(message).toContain(flag);
    expect(e.err()).not.toMatch(/\n\s+at /);
    expect(e.out()).toBe("");
  });

  it("--help and -h print the usage on stdout, exit 0, and list every option", async () => {
    for (const flag of ["--help", "-h"]) {
      const e = emulator([flag]);
      expect((await e.exited).code).toBe(0);
      for (const option of ["--port", "--host", "--state-file", "--world", "--activation-delay", "--transition-delay", "--access-key", "--quiet"]) {
        expect(e.out()).toContain(option);
      }
      expect(e.out()).not.toContain("emulator-access-key-secret");
      expect(e.err()).toBe("");
    }
  });

  // Brief: "clear one-line errors naming the flag and the rule". A negative delay (or a missing value followed by
  // another flag) gets node:util's three-line "argument is ambiguous ... use '--activation-delay=-XYZ'" instead of the
  // CLI's own rule ("needs a whole number of milliseconds"): the user is told to retry with `=-1`, which is then refused.
  it.each([[["--activation-delay", "-1"]], [["--port", "--quiet"]], [["--transition-delay", "-5"]]])(
    "%j gives one line naming the flag and its rule",
    async (args) => {
      const e = emulator(args);
      expect((await e.exited).code).toBe(2);
      const message = usageMessage(e.err());
      expect(message.split("\n")).toHaveLength(1);
      expect(message).toMatch(/whole number|number from 0 to 65535|needs a value|missing/);
    },
  );

  // cli.ts accessKey(): "Never echoes the secret in an error"; brief: no secret printed. Writing the pair with a
  // space instead of a colon (`--access-key myid TOPSECRET`) echoes the secret: "Unexpected argument 'TOPSECRET'".
  it("`--access-key <id> <secret>` (space instead of colon) does not echo the secret", async () => {
    const e = emulator(["--access-key", "myid", "TOPSECRET-b8f1"]);
    expect((await e.exited).code).toBe(2);
    expect(e.err() + e.out()).not.toContain("TOPSECRET-b8f1");
  });

  // USAGE marks only --access-key "repeatable"; a repeated --state-file silently drops the first
  // path (its file is neither read nor locked) and a repeated --port silently takes the last.
  it("a repeated non-repeatable option (--state-file a --state-file b) is a usage error, not silently last-wins", async () => {
    const a = path.join(dir, "rep-a.json");
    const b = path.join(dir, "rep-b.json");
    const e = emulator(["--port", "0", "--quiet", "--state-file", a, "--state-file", b]);
    const outcome = await Promise.race([e.exited, sleep(3000).then(() => "running" as const)]);
    if (outcome === "running") e.child.kill("SIGTERM");
    await e.exited;
    expect(outcome).toEqual({ code: 2, signal: null });
    expect(usageMessage(e.err())).toContain("--state-file");
  });
});

describe("alicloud-vpc-emulator: --host", () => {
  // EmulatorOptions.host: "Only loopback unless another host is asked for explicitly"; USAGE: "--host <address>
  // interface to bind". `--host ""` (e.g. `--host "$HOST"` with HOST unset) binds every interface (ss shows *:PORT),
  // serving the documented default key to the network, and prints the unusable "listening on http://:PORT".
  it("--host '' is refused (exit 2 naming --host), not bound to every interface", async () => {
    const e = emulator(["--host", "", "--port", "0", "--quiet"]);
    const outcome = await Promise.race([e.exited, until(() => e.out().includes("listening"), 5000, "listening").then(() => "listening" as const)]);
    const printed = e.out();
    if (outcome === "listening") e.child.kill("SIGTERM");
    await e.exited;
    expect(printed).not.toMatch(/listening on http:\/\/:/);
    expect(outcome).toEqual({ code: 2, signal: null });
    expect(usageMessage(e.err())).toContain("--host");
  });

  it("an unresolvable --host exits 1 with one line, no stack (held; the line does not name --host)", async () => {
    const e = emulator(["--host", "nosuchhost.invalid", "--port", "0", "--quiet"]);
    expect((await e.exited).code).toBe(1);
    expect(e.err().trim().split("\n")).toHaveLength(1);
    expect(e.err()).not.toMatch(/\n\s+at /);
  });
});

describe("alicloud-vpc-emulator: port in use", () => {
  async function blocker(): Promise<{ server: Server; port: number }> {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    return { server, port: (server.address() as { port: number }).port };
  }

  // Brief: errors name the flag. The line is node's "listen EADDRINUSE: address already in use
  // 127.0.0.1:PORT": it names neither --port nor the way out (another port, or --port 0).
  it("a port in use exits 1 with one line that names --port", async () => {
    const { server, port } = await blocker();
    try {
      const e = emulator(["--port", String(port), "--quiet"]);
      expect((await e.exited).code).toBe(1);
      expect(e.err().trim().split("\n")).toHaveLength(1);
      expect(e.err()).not.toMatch(/\n\s+at /);
      expect(e.err()).toContain("--port");
    } finally {
      server.close();
    }
  });

  // src/emulator/index.ts startEmulator: "a refused start leaves nothing behind". With the port taken, the
  // state file (and its missing folders) are created and left: writeInitialState runs before listen.
  it("a start refused for a port in use leaves no new state file behind", async () => {
    const { server, port } = await blocker();
    const file = path.join(dir, "port-in-use", "sub", "state.json");
    try {
      const e = emulator(["--port", String(port), "--quiet", "--state-file", file]);
      expect((await e.exited).code).toBe(1);
      expect(existsSync(`${file}.lock`)).toBe(false);
      expect(existsSync(file)).toBe(false);
    } finally {
      server.close();
    }
  });
});

describe("alicloud-vpc-emulator: state and world files", () => {
  it.each([
    ["a path under a regular file", () => { const f = path.join(dir, "plain"); writeFileSync(f, "x"); return path.join(f, "state.json"); }, /Cannot use the state file/],
    ["/dev/null", () => "/dev/null", /not a regular file/],
    ["a directory", () => dir, /not a regular file/],
    ["/proc (cannot make the lock)", () => "/proc/cli-test-state.json", /Cannot use the state file/],
  ])("--state-file %s: exit 1, one line, no stack, no lock left", async (_what, make, message) => {
    const file = make();
    const e = emulator(["--port", "0", "--quiet", "--state-file", file]);
    expect((await e.exited).code).toBe(1);
    expect(e.err()).toMatch(message);
    expect(e.err().trim().split("\n")).toHaveLength(1);
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  it.each([
    ["missing", () => path.join(dir, "no-such-world.json"), /cannot be read/],
    ["not JSON", () => { const f = path.join(dir, "w-bad.json"); writeFileSync(f, "{bad"); return f; }, /The world file/],
    ["a vSwitch in a missing VPC", () => {
      const f = path.join(dir, "w-vsw.json");
      writeFileSync(f, JSON.stringify({ regions: [{ regionId: "x", vswitches: [{ id: "vsw-a", vpcId: "vpc-missing" }] }], resourceGroups: [{ id: "rg-a", name: "d" }], defaultResourceGroupId: "rg-a" }));
      return f;
    }, /vpc-missing/],
  ])("--world %s: exit 1 with one line naming the file, no stack", async (_what, make, message) => {
    const file = make();
    const e = emulator(["--port", "0", "--quiet", "--world", file]);
    expect((await e.exited).code).toBe(1);
    expect(e.err()).toMatch(message);
    expect(e.err()).toContain(file);
    expect(e.err().trim().split("\n")).toHaveLength(1);
  });

  it("four emulators started at once on one state file: exactly one serves, the others exit 1", async () => {
    const file = path.join(dir, "race.json");
    const all = [0, 1, 2, 3].map(() => emulator(["--port", "0", "--quiet", "--state-file", file]));
    await sleep(2500);
    const serving = all.filter((e) => e.out().includes("listening on"));
    expect(serving).toHaveLength(1);
    for (const e of all) if (e !== serving[0]) expect((await e.exited).code).toBe(1);
    serving[0]!.child.kill("SIGTERM");
    expect((await serving[0]!.exited).code).toBe(0);
    expect(existsSync(`${file}.lock`)).toBe(false);
  });
});

describe("alicloud-vpc-emulator: signals", () => {
  // Held: a signal before the listening line ends the process by the signal; no lock or temporary file is left.
  it.each([40, 120])("SIGINT %i ms into start-up with a state file leaves no lock", async (ms) => {
    const sub = mkdtempSync(path.join(dir, "early-"));
    const file = path.join(sub, "state.json");
    const e = emulator(["--port", "0", "--quiet", "--state-file", file]);
    await sleep(ms);
    e.child.kill("SIGINT");
    const { code, signal } = await e.exited;
    expect(code === 0 || signal === "SIGINT").toBe(true);
    expect(existsSync(`${file}.lock`)).toBe(false);
    expect(readdirSync(sub).filter((n) => n.endsWith(".tmp"))).toEqual([]);
  });

  it("SIGTERM after start saves the state, prints 'stopped', exits 0, removes the lock", async () => {
    const file = path.join(dir, "term.json");
    const e = emulator(["--port", "0", "--quiet", "--state-file", file]);
    await listeningPort(e);
    e.child.kill("SIGTERM");
    expect(await e.exited).toEqual({ code: 0, signal: null });
    expect(e.out()).toContain("stopped");
    expect(existsSync(file)).toBe(true);
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  // Brief: no stack traces; README: the emulator "prints listening on ..." for scripts to read. A script that
  // reads the listening line and then stops reading (`npm run emulator | head -1`, or a parent that closes the pipe)
  // kills the emulator at its next request log line: an unhandled EPIPE 'error' event with a stack trace, exit 1.
  it("keeps serving, with no stack trace, after whoever read its stdout closed the pipe", async () => {
    const e = emulator(["--port", "0"]);
    const port = await listeningPort(e);
    e.child.stdout!.destroy();
    await get(port, "/__emulator/stats").catch(() => 0);
    await sleep(300);
    const status = await get(port, "/__emulator/stats").catch(() => 0);
    const stillRunning = e.child.exitCode === null && e.child.signalCode === null;
    if (stillRunning) e.child.kill("SIGTERM");
    await e.exited;
    expect(e.err()).not.toMatch(/\n\s+at /);
    expect(status).toBe(200);
    expect(stillRunning).toBe(true);
  });
});
