// The packed tarball as npm would publish it: entry points present, nothing that should not ship, maps resolvable.
// Needs `npm run build` first (npm pack ships dist/ as it is).
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pack, removeAll, repoDir } from "./helpers";

let packDir: string;
let root: string; // the extracted "package/" folder
let files: string[]; // paths relative to root

beforeAll(() => {
  const { dir, tarball } = pack();
  packDir = dir;
  execFileSync("tar", ["xzf", tarball, "-C", dir]);
  root = path.join(dir, "package");
  files = execFileSync("tar", ["tzf", tarball], { encoding: "utf8" })
    .split("\n").filter(Boolean).map((f) => f.replace(/^package\//, ""));
});
afterAll(() => removeAll(packDir));

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

describe("packed tarball", () => {
  it("holds every file package.json's main, types, bin and exports name", () => {
    const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
    const named: string[] = [pkg.main, pkg.types, ...Object.values(pkg.bin as Record<string, string>)];
    for (const target of Object.values(pkg.exports as Record<string, string | Record<string, string>>)) {
      named.push(...(typeof target === "string" ? [target] : Object.values(target)));
    }
    for (const f of named) expect(files, f).toContain(path.normalize(f));
    expect(readFileSync(path.join(root, pkg.bin["alicloud-vpc-emulator"]), "utf8")).toMatch(/^#!\/usr\/bin\/env node\n/);
  });

  it("ships no tests, benchmarks, state, lock, temp or env files, and the repo's README", () => {
    const bad = files.filter((f) =>
      /(^|\/)(test|tests|bench|__tests__|examples)\//.test(f) ||
      /\.(test|spec)\.[cm]?[jt]s$/.test(f) ||
      /(\.tmp|\.lock|\.env|state\.json|\.pem|\.key)$/.test(f) || /(^|\/)\.emulator-state/.test(f),
    );
    expect(bad).toEqual([]);
    expect(readFileSync(path.join(root, "README.md"), "utf8")).toBe(readFileSync(path.join(repoDir, "README.md"), "utf8"));
  });

  it("every shipped .js file comes from a current src/ file (no stale build output)", () => {
    const stale = files.filter((f) => f.startsWith("dist/") && f.endsWith(".js"))
      .filter((f) => !existsSync(path.join(repoDir, "src", f.slice("dist/".length).replace(/\.js$/, ".ts"))));
    expect(stale).toEqual([]);
  });

  // No source map may point at a file that is missing: src/ is not in the tarball (package.json "files"), so the maps
  // embed their sources (tsconfig.build.json inlineSources); before, all of them named absent ../src/**.ts files.
  it("every source map in the tarball resolves to sources inside the tarball (or embeds them)", () => {
    const maps = walk(root).filter((p) => p.endsWith(".map"));
    expect(maps.length).toBeGreaterThan(0);
    const missing = new Set<string>();
    for (const m of maps) {
      const map = JSON.parse(readFileSync(m, "utf8")) as { sources: string[]; sourceRoot?: string; sourcesContent?: unknown[] };
      if (map.sourcesContent && map.sourcesContent.length === map.sources.length) continue;
      for (const s of map.sources) {
        const abs = path.resolve(path.dirname(m), map.sourceRoot ?? "", s);
        if (!existsSync(abs)) missing.add(path.relative(root, abs));
      }
    }
    expect([...missing].slice(0, 5), `${missing.size} sources missing`).toEqual([]);
  });
});
