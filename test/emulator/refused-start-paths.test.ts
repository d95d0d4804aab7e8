/**
 * startEmulator / whatStartMakes (src/emulator/index.ts): "a refused start leaves no state file or folder behind"
 * (README, "The emulator"), and it never takes away what was there before it: paths with `..` and missing folders
 * (the state path is made canonical first), pre-existing files, and dangling symlinks (written through, kept).
 */
import { existsSync, lstatSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import * as net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startEmulator } from "../../src/emulator";

const dirs: string[] = [];
let blocker: net.Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (blocker ? blocker.close(() => resolve()) : resolve()));
  blocker = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function busyPort(): Promise<number> {
  blocker = net.createServer();
  await new Promise<void>((resolve) => blocker!.listen(0, "127.0.0.1", resolve));
  return (blocker.address() as net.AddressInfo).port;
}

describe("refused start (port in use) and a state-file path with '..'", () => {
  // Held: a pre-existing state file reached as dir/new/../kept/state.json is kept (realpathSync normalizes the path of a
  // file that exists, so whatStartMakes sees it).
  it("keeps a pre-existing state file reached through a missing folder and '..'", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rv2-emu-"));
    dirs.push(dir);
    mkdirSync(join(dir, "kept"));
    const real = join(dir, "kept", "state.json");
    const first = await startEmulator({ stateFile: real, port: 0 });
    await first.stop();
    const port = await busyPort();
    await expect(startEmulator({ port, stateFile: `${dir}/new/../kept/state.json` /* not join(): it would normalize the .. away */ })).rejects.toThrow();
    expect(existsSync(real)).toBe(true);
    expect(existsSync(join(dir, "new"))).toBe(false);
  });

  it("a new state file in an existing empty folder, named through a missing folder and '..': the folder stays, nothing is left", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rv2-emu-"));
    dirs.push(dir);
    // The user's own (empty) folder, made before the start.
    mkdirSync(join(dir, "kept"));
    const port = await busyPort();
    // The file does not exist, so followLink keeps the raw path; whatStartMakes's lstat of dir/new/../kept is ENOENT
    // (dir/new is missing), so it counts dir/new/../kept, dir/new/.. and dir/new as folders it will make. The lock's
    // mkdirSync({ recursive: true }) then makes dir/new; the cleanup rmdirs dir/new/../kept (= the user's dir/kept), then
    // fails on dir/new/.. (= dir, not empty) and stops, leaving dir/new.
    await expect(startEmulator({ port, stateFile: `${dir}/new/../kept/state.json` /* not join(): it would normalize the .. away */ })).rejects.toThrow(/EADDRINUSE|in use/);
    // Broken promises (README "The emulator": "a refused start leaves no state file or folder behind"; whatStartMakes:
    // it removes "the file itself and its missing folders", i.e. only what was not there):
    expect({ keptFolderStillThere: existsSync(join(dir, "kept")), newFolderLeftBehind: existsSync(join(dir, "new")) }).toEqual({
      keptFolderStillThere: true,
      newFolderLeftBehind: false,
    });
  });
});

describe("refused start and a pre-existing state-file path", () => {
  it("a port in use does not delete a pre-existing (dangling) symlink given as --state-file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "emu-start-"));
    dirs.push(dir);
    const link = join(dir, "state.json");
    symlinkSync(join(dir, "real-state.json"), link);
    const port = await busyPort();
    await expect(startEmulator({ port, stateFile: link })).rejects.toThrow();
    // The link the user made is still there, as a link (existsSync follows links: a dangling one looked new).
    let isLink = false;
    try {
      isLink = lstatSync(link).isSymbolicLink();
    } catch {
      isLink = false;
    }
    expect(isLink, "the pre-existing symlink was removed or replaced by a refused start").toBe(true);
  });

  it("a port in use leaves a pre-existing regular state file in place", async () => {
    const dir = mkdtempSync(join(tmpdir(), "emu-start-"));
    dirs.push(dir);
    const file = join(dir, "state.json");
    const first = await startEmulator({ stateFile: file });
    await first.stop();
    const port = await busyPort();
    await expect(startEmulator({ port, stateFile: file })).rejects.toThrow();
    expect(lstatSync(file).isFile()).toBe(true);
  });

  it("a port in use removes the new state file and the new folders", async () => {
    const dir = mkdtempSync(join(tmpdir(), "emu-start-"));
    dirs.push(dir);
    const file = join(dir, "a", "b", "state.json");
    const port = await busyPort();
    await expect(startEmulator({ port, stateFile: file })).rejects.toThrow();
    expect(() => lstatSync(join(dir, "a"))).toThrow();
  });
});

describe("a dangling symlinked state file (index.ts: 'A symlinked state file is written where it points')", () => {
  it("a successful start writes through the link, keeping the link", async () => {
    const dir = mkdtempSync(join(tmpdir(), "emu-start-"));
    dirs.push(dir);
    const link = join(dir, "state.json");
    symlinkSync(join(dir, "real-state.json"), link);
    const emulator = await startEmulator({ stateFile: link });
    await emulator.stop();
    // It used to become a regular file (realpathSync fails on a dangling link, and the atomic rename replaced the link).
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
  });
});
