/**
 * startEmulator / whatStartMakes: "a refused start leaves no state file or folder" -- it must also not take away
 * what was there before it: here a symlink whose target does not exist yet (followLink keeps the link path then).
 */
import { lstatSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
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

describe("refused start and a pre-existing state-file path", () => {
  it("a port in use does not delete a pre-existing (dangling) symlink given as --state-file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rv-emu-"));
    dirs.push(dir);
    const link = join(dir, "state.json");
    symlinkSync(join(dir, "real-state.json"), link);
    blocker = net.createServer();
    await new Promise<void>((resolve) => blocker!.listen(0, "127.0.0.1", resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    await expect(startEmulator({ port, stateFile: link })).rejects.toThrow();
    // Expected: the link the user made is still there (as a link). Observed: see the report.
    let isLink = false;
    try {
      isLink = lstatSync(link).isSymbolicLink();
    } catch {
      isLink = false;
    }
    expect(isLink, "the pre-existing symlink was removed or replaced by a refused start").toBe(true);
  });

  it("a port in use leaves a pre-existing regular state file in place", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rv-emu-"));
    dirs.push(dir);
    const file = join(dir, "state.json");
    const first = await startEmulator({ stateFile: file });
    await first.stop();
    blocker = net.createServer();
    await new Promise<void>((resolve) => blocker!.listen(0, "127.0.0.1", resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    await expect(startEmulator({ port, stateFile: file })).rejects.toThrow();
    expect(lstatSync(file).isFile()).toBe(true);
  });

  it("a port in use removes the new state file and the new folders", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rv-emu-"));
    dirs.push(dir);
    const file = join(dir, "a", "b", "state.json");
    blocker = net.createServer();
    await new Promise<void>((resolve) => blocker!.listen(0, "127.0.0.1", resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    await expect(startEmulator({ port, stateFile: file })).rejects.toThrow();
    expect(() => lstatSync(join(dir, "a"))).toThrow();
  });
});

describe("a dangling symlinked state file (index.ts: 'A symlinked state file is written where it points')", () => {
  it("a successful start writes through the link, keeping the link", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rv-emu-"));
    dirs.push(dir);
    const link = join(dir, "state.json");
    symlinkSync(join(dir, "real-state.json"), link);
    const emulator = await startEmulator({ stateFile: link });
    await emulator.stop();
    // Observed: state.json is a regular file (realpathSync fails on a dangling link, followLink keeps the link path, the
    // atomic rename replaces the link); real-state.json never written.
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
  });
});
