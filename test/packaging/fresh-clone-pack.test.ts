// README "Use it in a Pulumi program": a tarball made with `npm pack` in the clone. In a fresh clone dist/ does not exist
// yet; the package's `prepack` builds it, so the tarball holds the compiled package, never just README and package.json.
// The clone is of the committed HEAD, with this checkout's node_modules linked in (as after `npm ci`).
import { mkdtempSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { node22Env, removeAll, repoDir, run } from "./helpers";

describe("npm pack in a fresh clone", () => {
  it("builds before packing: the tarball holds dist/ (the index, the provider entry, the emulator CLI)", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "fresh-pack-"));
    try {
      const clone = path.join(dir, "repo");
      run("git", ["clone", "-q", repoDir, clone], dir);
      symlinkSync(path.join(repoDir, "node_modules"), path.join(clone, "node_modules"), "dir");
      const out = run("npm", ["pack", "--dry-run", "--json"], clone, node22Env, 180_000);
      const files = (JSON.parse(out.slice(out.indexOf("["))) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
      expect(files).toEqual(expect.arrayContaining(["dist/index.js", "dist/index.d.ts", "dist/provider/index.js", "dist/emulator/cli.js"]));
    } finally {
      removeAll(dir);
    }
  }, 240_000);
});
