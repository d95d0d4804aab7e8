/**
 * On a Node older than 22 every entry point of the package fails with one clear message (src/node-version.ts) instead
 * of undici's "Cannot read properties of undefined (reading 'bind')". Runs the machine's own older Node when it has one
 * (these machines ship Node 20 as /usr/bin/node); `npm test` itself runs on Node 22.
 */
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(__dirname, "..", "..");
const OLD_NODE = "/usr/bin/node";
const oldMajor = (() => {
  const answer = spawnSync(OLD_NODE, ["-p", "process.versions.node"], { encoding: "utf8" });
  return answer.status === 0 ? Number(answer.stdout.split(".")[0]) : undefined;
})();

describe.skipIf(oldMajor === undefined || oldMajor >= 22)(`the package on Node ${oldMajor}`, () => {
  it.each(["dist/index.js", "dist/client/index.js", "dist/provider/index.js", "dist/emulator/index.js", "dist/emulator/cli.js", "dist/demo/main.js"])(
    "%s fails at load, saying Node 22 is needed",
    (entry) => {
      const run = spawnSync(OLD_NODE, ["-e", `require(${JSON.stringify(resolve(ROOT, entry))})`], { encoding: "utf8", timeout: 20_000 });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain("pulumi-alicloud-flowlog needs Node 22.19 or later");
      expect(run.stderr).not.toContain("reading 'bind'");
    },
  );

  // The command-line entry points print the one line and exit 1, without the code frame Node prints for a throw.
  it.each([["dist/emulator/cli.js", "--help"], ["dist/demo/main.js"]])("%s run as a command prints one line", (entry, ...args) => {
    const run = spawnSync(OLD_NODE, [resolve(ROOT, entry), ...args], { encoding: "utf8", timeout: 20_000 });
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split("\n")).toEqual([expect.stringContaining("pulumi-alicloud-flowlog needs Node 22.19 or later")]);
  });
});
