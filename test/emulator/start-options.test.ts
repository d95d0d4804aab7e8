/**
 * startEmulator refuses options it cannot honour before it serves anything, and treats an empty state file as a fresh
 * start (it holds no state to lose).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../../src/emulator";

const directory = mkdtempSync(join(tmpdir(), "emulator-start-"));
const running: RunningEmulator[] = [];
afterAll(async () => {
  for (const e of running) await e.stop().catch(() => undefined);
  rmSync(directory, { recursive: true, force: true });
});

async function start(options: EmulatorOptions): Promise<RunningEmulator> {
  const e = await startEmulator(options);
  running.push(e);
  return e;
}

describe("startEmulator options", () => {
  it("refuses a port that is not an integer from 0 to 65535", async () => {
    for (const port of ["abc", -1, 65536, 1.5]) {
      await expect(startEmulator({ port: port as number })).rejects.toThrow(/port must be an integer from 0 to 65535/);
    }
  });

  it("refuses an empty AccessKeyId or secret, and an STS key without a token", async () => {
    await expect(startEmulator({ accessKeys: [{ accessKeyId: "", accessKeySecret: "" }] })).rejects.toThrow(TypeError);
    await expect(startEmulator({ accessKeys: [{ accessKeyId: "id", accessKeySecret: "" }] })).rejects.toThrow(/non-empty/);
    await expect(startEmulator({ stsTokens: [{ accessKeyId: "STS.id", accessKeySecret: "s", securityToken: "" }] })).rejects.toThrow(/security token/);
  });

  it("starts fresh on an empty state file and writes it at once", async () => {
    const file = join(directory, "empty.json");
    writeFileSync(file, "");
    const e = await start({ stateFile: file });
    expect(e.flowLogs()).toEqual([]);
    expect(JSON.parse(readFileSync(file, "utf8"))).toMatchObject({ format: "alicloud-vpc-emulator-state" });
  });

  it("refuses at start a state file it cannot write, naming it", async () => {
    const file = join(directory, "taken");
    mkdirSync(join(file, "inside"), { recursive: true }); // a folder where the file should be
    await expect(startEmulator({ stateFile: file })).rejects.toMatchObject({ name: "StateFileError" });
    // The lock was released: once the path is free, an emulator starts on it.
    rmSync(file, { recursive: true });
    await expect(start({ stateFile: file })).resolves.toBeDefined();
  });
});
