// Packs /work/main (dist must be built) and installs the tarball into a fresh consumer folder under the OS temp dir,
// as a user would: `npm init -y`, `npm install <tarball>`. Every child runs on the Node 22 running vitest.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export const repoDir = path.join(__dirname, "../..");
export const fixturesDir = path.join(__dirname, "fixtures");
/** PATH with this Node 22 and the repo's .bin first (npm, npx and `#!/usr/bin/env node` bins run on Node 22). */
export const node22Env = {
  ...process.env,
  PATH: [path.dirname(process.execPath), path.join(repoDir, "node_modules/.bin"), process.env.PATH].join(path.delimiter),
};

export function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = node22Env, timeout = 120_000): string {
  return execFileSync(cmd, args, { cwd, env, encoding: "utf8", timeout, stdio: ["ignore", "pipe", "pipe"] });
}

/**
 * `npm pack` into a fresh temp folder; returns the folder and the tarball's path. Without scripts: the package's
 * `prepack` would rebuild dist/ while other test files load it; the suite builds once before it runs.
 */
export function pack(): { dir: string; tarball: string } {
  const dir = mkdtempSync(path.join(tmpdir(), "pack-test-"));
  run("npm", ["pack", "--ignore-scripts", "--pack-destination", dir, "--silent"], repoDir);
  const tgz = readdirSync(dir).find((f) => f.endsWith(".tgz"));
  if (!tgz) throw new Error(`npm pack left no tarball in ${dir}`);
  return { dir, tarball: path.join(dir, tgz) };
}

export function removeAll(...dirs: (string | undefined)[]): void {
  for (const d of dirs) if (d && d.startsWith(tmpdir())) rmSync(d, { recursive: true, force: true });
}
