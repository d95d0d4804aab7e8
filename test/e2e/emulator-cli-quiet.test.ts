/**
 * `--quiet` drops the request lines only (README, --help): a state file that cannot be saved is still reported while the
 * emulator runs ("state file not saved, retried on the next change"), not only by the exit code at stop.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cleanUp, EMULATOR_CLI, listeningUrl, output, spawnNode } from "./helpers/cli-processes";

const dir = mkdtempSync(join(tmpdir(), "emulator-cli-quiet-"));
afterAll(() => {
  cleanUp();
  rmSync(dir, { recursive: true, force: true });
});

let runs = 0;
async function savesFailing(extra: string[]): Promise<{ out: string; code: number | null }> {
  const file = join(dir, `s${runs++}.json`);
  const cli = spawnNode(EMULATOR_CLI, ["--port", "0", "--state-file", file, ...extra]);
  const url = await listeningUrl(cli);
  rmSync(file);
  mkdirSync(join(file, "x"), { recursive: true }); // the path is now a non-empty folder: every save fails
  await fetch(`${url}/__emulator/settings`, { method: "PATCH", body: JSON.stringify({ activationDelayMs: 10 }) });
  await new Promise((r) => setTimeout(r, 300));
  const during = output(cli);
  cli.child.kill("SIGTERM");
  return { out: during, code: (await cli.exited).code };
}

describe("emulator CLI: --quiet and state file failures", () => {
  it("without --quiet the failed save is one line (control)", async () => {
    const r = await savesFailing([]);
    expect(r.out).toMatch(/state file not saved/);
    expect(r.out).toMatch(/PATCH \/__emulator\/settings 200/);
    expect(r.code).toBe(1);
  });

  it("with --quiet the failed save is still reported while running", async () => {
    const r = await savesFailing(["--quiet"]);
    expect(r.out).toMatch(/state file not saved/);
    expect(r.out).not.toMatch(/PATCH/);
    expect(r.code).toBe(1);
  });
});
