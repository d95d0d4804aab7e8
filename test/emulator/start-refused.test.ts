/** A refused start leaves nothing behind (no lock, no folder, no write); state files that are links or read-only. */
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, statSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { VpcClient } from "../../src/client";
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, startEmulator } from "../../src/emulator";

const dir = mkdtempSync(join(tmpdir(), "emulator-start-refused-"));
let n = 0;
const fresh = () => join(dir, `state-${n++}.json`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("options before the lock", () => {
  for (const [label, opts] of [
    ["bad port", { port: 70000 }],
    ["empty key", { accessKeys: [{ accessKeyId: "", accessKeySecret: "s" }] }],
    ["bad settings", { settings: { activationDelayMs: -1 } }],
    ["bad fault", { faults: [{ bogus: true }] }],
  ] as const) {
    it(`${label}: refused, no lock, no state file, no folder`, async () => {
      const file = join(dir, `sub-${n++}`, "state.json");
      await expect(startEmulator({ stateFile: file, ...(opts as object) })).rejects.toThrow();
      expect(existsSync(`${file}.lock`)).toBe(false);
      expect(existsSync(file)).toBe(false);
    });
  }
});

describe("isReadOnlyFile / writeInitialState", () => {
  // Promise (a read-only state file is refused rather than replaced; index.ts "a refused start leaves nothing
  // behind"). The restored service (with a pending transition) is not disposed when writeInitialState throws: its timer
  // fires, onTransition -> saver.saveSoon -> saveState renames over the read-only file (after the lock was released).
  it("a read-only state file holding a flow log mid-transition stays untouched after the refused start", async () => {
    const file = fresh();
    const e0 = await startEmulator({ stateFile: file, settings: { activationDelayMs: 400 } });
    const client = new VpcClient({
      regionId: "cn-hangzhou",
      endpoint: e0.url,
      credentials: { accessKeyId: DEFAULT_ACCESS_KEY_ID, accessKeySecret: DEFAULT_ACCESS_KEY_SECRET },
      rateLimit: false,
    } as never);
    await client.createFlowLog({ regionId: "cn-hangzhou", resourceType: "VPC", resourceId: "vpc-demo0901", trafficType: "All", projectName: "flowlog-project", logStoreName: "flowlog-store" } as never);
    await client.close();
    await e0.stop();
    expect(readFileSync(file, "utf8")).toContain("Activating");
    const before = readFileSync(file, "utf8");
    chmodSync(file, 0o444);
    await expect(startEmulator({ stateFile: file })).rejects.toMatchObject({ name: "StateFileError" });
    await sleep(900);
    expect(statSync(file).mode & 0o777).toBe(0o444);
    expect(readFileSync(file, "utf8")).toBe(before);
  });

  // Promise (refused rather than replaced: a read-only symlink target is respected, a writable one is not kept).
  // A state file that is a symlink: the atomic write at start renames over the link (the target is left stale).
  it("a state file that is a symlink stays a symlink, and its target gets the state", async () => {
    const target = fresh();
    const link = fresh();
    const e0 = await startEmulator({ stateFile: target });
    await e0.stop();
    symlinkSync(target, link);
    const e = await startEmulator({ stateFile: link });
    await e.stop();
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
  });

  it("a symlink to a read-only file is refused", async () => {
    const target = fresh();
    const link = fresh();
    const e0 = await startEmulator({ stateFile: target });
    await e0.stop();
    chmodSync(target, 0o444);
    symlinkSync(target, link);
    await expect(startEmulator({ stateFile: link })).rejects.toMatchObject({ name: "StateFileError" });
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
  });

  it("a directory as the state file is a StateFileError", async () => {
    const d = fresh();
    mkdirSync(d);
    await expect(startEmulator({ stateFile: d })).rejects.toMatchObject({ name: "StateFileError" });
    chmodSync(d, 0o555);
    await expect(startEmulator({ stateFile: d })).rejects.toMatchObject({ name: "StateFileError" });
  });

  // Reading a FIFO blocks until a writer opens it: the start would hang instead of failing.
  it("a FIFO as the state file is refused at once, and its lock released", async () => {
    const fifo = fresh();
    execFileSync("mkfifo", [fifo]);
    await expect(startEmulator({ stateFile: fifo })).rejects.toThrow(/is not a regular file/);
    expect(existsSync(`${fifo}.lock`)).toBe(false);
  }, 5_000);
});
