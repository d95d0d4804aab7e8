/**
 * alicloud-vpc-emulator's command line (src/emulator/cli.ts parseCliArgs / main). README "The emulator": exit "2 for a
 * bad command line" and the usage errors: one line naming the flag and rule, never echoing a stray argument.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CliUsageError, parseCliArgs } from "../../src/emulator/cli";

const ROOT = path.resolve(__dirname, "..", "..");
const CLI = path.join(ROOT, "dist/emulator/cli.js");
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function usageError(argv: string[]): string {
  try {
    parseCliArgs(argv);
  } catch (error) {
    if (CliUsageError.isInstance(error)) return error.message;
    throw error;
  }
  return "<accepted>";
}

describe("emulator CLI: empty values (--opt=)", () => {
  // Broken promise: an empty --state-file is a bad command line (exit 2); observed: accepted by parseCliArgs, then
  // realpathSync("") resolves to the working directory and the start fails with exit 1 naming that directory
  // ("The state file /cwd is not a regular file").
  it("`--state-file=` is a usage error naming --state-file (exit 2), not a start failure about the working directory", () => {
    const cwd = mkdtempSync(path.join(tmpdir(), "rv2-cli-"));
    dirs.push(cwd);
    const r = spawnSync(process.execPath, [CLI, "--port", "0", "--quiet", "--state-file="], { cwd, encoding: "utf8", timeout: 10_000 });
    const firstLine = r.stderr.split("\n")[0]!;
    expect({ status: r.status, namesFlag: firstLine.includes("--state-file"), namesCwd: firstLine.includes(cwd) }).toEqual({
      status: 2,
      namesFlag: true,
      namesCwd: false,
    });
    // Nothing made beside or in the working directory either.
    expect(readdirSync(cwd)).toEqual([]);
  });

  // Broken promise: as above; observed: exit 1 "The world file  cannot be read: ENOENT ... stat ''".
  it("`--world=` is a usage error naming --world", () => {
    expect(usageError(["--world="])).toMatch(/--world/);
  });

  it("`--state-file=` is refused by parseCliArgs", () => {
    expect(usageError(["--state-file="])).toMatch(/--state-file/);
  });

  // Held: every other option's empty value is refused, naming it.
  it.each([
    ["--port=", /--port/],
    ["--host=", /--host/],
    ["--activation-delay=", /--activation-delay/],
    ["--transition-delay=", /--transition-delay/],
    ["--access-key=", /--access-key/],
    ["--quiet=", /--quiet takes no value/],
  ])("held: %s is refused naming the flag", (arg, re) => {
    expect(usageError([arg])).toMatch(re);
  });
});

describe("emulator CLI: unknown options", () => {
  // Broken promise (usage errors "naming the flag"): usageMessage's /'--([a-z-]+)/ stops at the first character outside
  // [a-z-], so the message names a different, valid option as the unknown one.
  it.each([
    ["--port2=5", "--port2"],
    ["--state_file=x", "--state_file"],
    ["--Port=1", "--Port"],
  ])("%s is reported as unknown under its own name", (arg, name) => {
    const message = usageError([arg]);
    // Observed: "unknown option --port; see --help." for --port2, "unknown option --state" for --state_file,
    // "an unknown option" for --Port.
    expect(message).toContain(`unknown option ${name};`);
  });

  // Broken promise (usage errors "naming the flag"): an unknown short option is reported as "an unknown option".
  it("an unknown short option (-p 1) is named", () => {
    expect(usageError(["-p", "1"])).toContain("-p");
  });

  // Held: no value of an unknown option is echoed.
  it("held: `--access-keys=id:SECRETX` does not echo the value", () => {
    expect(usageError(["--access-keys=id:SECRETX"])).not.toContain("SECRETX");
    expect(usageError(["--quiet=SECRETQ"])).not.toContain("SECRETQ");
  });
});

describe("emulator CLI: held behaviour", () => {
  it.each(["--port", "--host", "--state-file", "--world", "--activation-delay", "--transition-delay", "--access-key"])(
    "held: %s with no value names the flag",
    (flag) => {
      expect(usageError([flag])).toMatch(new RegExp(`^${flag} needs a value`));
    },
  );
  it.each([
    [["--port", "-1"], /--port/],
    [["--port=-1"], /--port/],
    [["--activation-delay=-5"], /--activation-delay/],
    [["--transition-delay", "-5"], /--transition-delay/],
    [["--port=1e3"], /--port/],
    // 400 digits: Infinity as a number, which the settings would refuse naming activationDelayMs, not the flag.
    [["--activation-delay", "9".repeat(400)], /--activation-delay needs a whole number of milliseconds up to 9007199254740991, got 400 digits/],
    [["--transition-delay", "9007199254740993"], /--transition-delay needs a whole number of milliseconds up to/],
  ])("held: negative / non-integer / beyond 2^53 %j refused", (argv, re) => {
    expect(usageError(argv)).toMatch(re);
  });
  it.each([[["POSITIONAL_SECRET"]], [["--", "POSITIONAL_SECRET"]], [["--port", "1", "POSITIONAL_SECRET"]], [["--access-key", "id", "POSITIONAL_SECRET"]]])(
    "held: positional %j is never echoed",
    (argv) => {
      const m = usageError(argv);
      expect(m).not.toBe("<accepted>");
      expect(m).not.toContain("POSITIONAL_SECRET");
    },
  );
  it("held: repeated options refused, --access-key repeatable", () => {
    expect(usageError(["--port", "1", "--port", "2"])).toMatch(/--port is given more than once/);
    expect(usageError(["--quiet", "--quiet"])).toMatch(/--quiet is given more than once/);
    const ok = parseCliArgs(["--access-key", "a:b", "--access-key", "c:d:e"]);
    expect(ok.help === false && ok.options.accessKeys).toEqual([
      { accessKeyId: "a", accessKeySecret: "b" },
      { accessKeyId: "c", accessKeySecret: "d:e" },
    ]);
  });
});
