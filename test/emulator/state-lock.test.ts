/**
 * One emulator per state file (state-lock.ts): a second one is refused while the first runs, so neither overwrites the
 * other's flow logs; stopping releases the lock; a lock left by an emulator that died expires.
 */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../src/emulator";

const directory = mkdtempSync(join(tmpdir(), "emulator-lock-"));
const running: RunningEmulator[] = [];
afterAll(async () => {
  for (const e of running) await e.stop().catch(() => undefined);
  rmSync(directory, { recursive: true, force: true });
});

async function start(stateFile: string, world?: string): Promise<RunningEmulator> {
  const e = await startEmulator({ stateFile, ...(world === undefined ? {} : { world }) });
  running.push(e);
  return e;
}

describe("state file lock", () => {
  it("refuses a second emulator on a state file in use, naming the file; after stop() it starts", async () => {
    const file = join(directory, "shared.json");
    const first = await start(file);
    await expect(startEmulator({ stateFile: file })).rejects.toMatchObject({
      name: "StateFileError",
      message: expect.stringContaining(`${file} is in use by another running emulator`),
    });
    await first.stop();
    const second = await start(file);
    expect(second.flowLogs()).toEqual([]);
  });

  it("releases the lock when starting fails after taking it (a state file that is not JSON)", async () => {
    const file = join(directory, "broken.json");
    writeFileSync(file, "{ not json");
    await expect(startEmulator({ stateFile: file })).rejects.toMatchObject({ name: "StateFileError", message: expect.stringContaining("not valid JSON") });
    writeFileSync(file, "");
    rmSync(file);
    await expect(start(file)).resolves.toBeDefined();
  });

  it("takes over a lock not refreshed for longer than it may be (its emulator died)", async () => {
    const file = join(directory, "stale.json");
    mkdirSync(`${file}.lock`);
    const old = new Date(Date.now() - 60_000);
    utimesSync(`${file}.lock`, old, old);
    await expect(start(file)).resolves.toBeDefined();
  });
});

describe("world file errors", () => {
  it("name the file when it is not JSON", async () => {
    const world = join(directory, "world.json");
    writeFileSync(world, "{ regions: [");
    await expect(startEmulator({ world })).rejects.toThrow(`The world file ${world}`);
  });
});
