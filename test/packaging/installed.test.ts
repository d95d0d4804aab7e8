// The tarball installed in a fresh folder (`npm init -y`, `npm install <tgz>`), used as a Pulumi user would. The install
// needs the npm registry (about 15 s; later runs hit npm's cache), which tests may not use: it runs only with
// PACKAGING_INSTALL=1 (`PACKAGING_INSTALL=1 npx vitest run test/packaging`, after `npm run build`); tarball.test.ts and
// types.test.ts check the package offline in every run.
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixturesDir, node22Env, pack, removeAll, run } from "./helpers";

let packDir: string;
let consumer: string;

beforeAll(() => {
  if (process.env.PACKAGING_INSTALL !== "1") return;
  const packed = pack();
  packDir = packed.dir;
  consumer = mkdtempSync(path.join(tmpdir(), "pack-consumer-"));
  run("npm", ["init", "-y"], consumer);
  run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", packed.tarball, "typescript@5.9.3", "@types/node@22"],
    consumer, node22Env, 170_000);
  writeFileSync(path.join(consumer, "Pulumi.yaml"), "name: pack-consumer\nruntime: nodejs\n");
  copyFileSync(path.join(fixturesDir, "program.ts.txt"), path.join(consumer, "index.ts"));
  copyFileSync(path.join(fixturesDir, "check.ts.txt"), path.join(consumer, "check.ts"));
  copyFileSync(path.join(fixturesDir, "drive.cjs"), path.join(consumer, "drive.cjs"));
}, 180_000);
afterAll(() => removeAll(packDir, consumer));

function tsc(compilerOptions: Record<string, unknown>): { status: number | null; out: string } {
  writeFileSync(path.join(consumer, "tsconfig.json"), JSON.stringify({ compilerOptions, files: ["check.ts"] }));
  const r = spawnSync(process.execPath, [path.join(consumer, "node_modules/typescript/bin/tsc"), "-p", "."], {
    cwd: consumer, encoding: "utf8", timeout: 60_000,
  });
  return { status: r.status, out: r.stdout + r.stderr };
}

const strict = { strict: true, noEmit: true, target: "ES2022", esModuleInterop: true, skipLibCheck: false,
  exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true, types: ["node"] };

describe.skipIf(process.env.PACKAGING_INSTALL !== "1")("installed package", () => {
  it("loads the root and every subpath, and the bin runs from node_modules/.bin", () => {
    const out = run(process.execPath, ["-e", `
      const r = require("pulumi-alicloud-flowlog"), p = require("pulumi-alicloud-flowlog/provider");
      const c = require("pulumi-alicloud-flowlog/client"), e = require("pulumi-alicloud-flowlog/emulator");
      console.log(JSON.stringify([typeof r.FlowLog, typeof c.VpcClient, typeof p.flowLogProvider, "VpcClient" in r,
        typeof e.startEmulator, require.resolve("pulumi-alicloud-flowlog")]));`], consumer);
    const [flowLog, vpcClient, provider, clientAtRoot, start, resolved] = JSON.parse(out);
    expect([flowLog, vpcClient, provider, clientAtRoot, start]).toEqual(["function", "function", "object", false, "function"]);
    expect(resolved).toBe(path.join(consumer, "node_modules/pulumi-alicloud-flowlog/dist/index.js"));
    expect(run(path.join(consumer, "node_modules/.bin/alicloud-vpc-emulator"), ["--help"], consumer)).toMatch(/^Usage: alicloud-vpc-emulator/);
  });

  it("its .d.ts compile in a strict program (FlowLog, FlowLogArgs, VpcClient, startEmulator) under node16 resolution", () => {
    const r = tsc({ ...strict, module: "node16", moduleResolution: "node16" });
    expect(r.out).toBe("");
    expect(r.status).toBe(0);
  }, 60_000);

  // README "Programmatic: import { startEmulator } from "pulumi-alicloud-flowlog/emulator"" (and the
  // "/provider", "/client" entries of ARCHITECTURE.md) fail to type-check under TypeScript's resolution for
  // `"module": "commonjs"` (moduleResolution node10, the default for CommonJS and what Pulumi's TypeScript template
  // uses): subpaths exist only in "exports", which node10 ignores, and package.json has no "typesVersions" (nor
  // dist-free stub folders) to map them. Pulumi type-checks a TypeScript program with ts-node before running it, so
  // such a program stops at `pulumi up` with TS2307. The README does not say node16/bundler resolution is required
  // (the repo's own examples/flowlog/tsconfig.json sets node16). The root import works under both.
  it("its subpath .d.ts resolve under a CommonJS tsconfig's default resolution (node10)", () => {
    const r = tsc({ ...strict, module: "commonjs", moduleResolution: "node10" });
    expect(r.out).toBe("");
    expect(r.status).toBe(0);
  }, 60_000);

  it("the README's program, driven from the consumer folder: the serialized provider loads the installed package and creates until Active, reads, deletes", () => {
    const out = execFileSync(process.execPath, [path.join(consumer, "drive.cjs")], {
      cwd: consumer, env: node22Env, encoding: "utf8", timeout: 60_000,
    });
    const r = JSON.parse(out.trim().split("\n").pop()!);
    expect(r.error).toBeUndefined();
    expect(r.pkgDir).toBe(path.join(consumer, "node_modules/pulumi-alicloud-flowlog"));
    expect(r.upOutputs.flowLogId).toMatch(/^fl-/);
    expect(r.upOutputs.resourceGroupId).toBe("rg-acfmdefault0001");
    expect(r.afterUp).toEqual([{ id: r.upOutputs.flowLogId, status: "Active" }]);
    // The stored text is the stable shim: it names the package, never a path of the machine that built it.
    expect(r.provider).toContain('require("pulumi-alicloud-flowlog/provider")');
    expect(r.provider).not.toMatch(/\/work\/|\/tmp\//);
    expect(r.again).toEqual(["same"]);
    expect(r.refresh).toEqual(["refresh:done"]);
    expect(r.refreshedStatus).toBe("Active");
    expect(r.destroy).toEqual(["delete:start", "delete:done"]);
    expect(r.afterDestroy).toEqual([]);
  }, 60_000);

  // README "Node version": on an older Node every entry point stops with "pulumi-alicloud-flowlog needs
  // Node 22.19 or later". For an installed package the rest of that message is wrong: it tells the user to run
  // `npm run demo` / `npm run emulator` "which uses the Node 22 of the `node` devDependency"; a consumer has neither
  // those scripts nor that devDependency (devDependencies are not installed with a dependency). Seen here from the
  // installed bin, which is what README's "npx alicloud-vpc-emulator" runs when the PATH's node is older.
  it("on an older system Node, the installed bin's message gives advice a consumer can follow", () => {
    const sys = spawnSync("/usr/bin/node", ["--version"], { encoding: "utf8" });
    if (sys.status !== 0 || Number(sys.stdout.slice(1).split(".")[0]) >= 22) return; // no older Node on this machine
    const r = spawnSync(path.join(consumer, "node_modules/.bin/alicloud-vpc-emulator"), ["--help"], {
      cwd: consumer, encoding: "utf8", env: { ...process.env, PATH: "/usr/bin:/bin" },
    });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("pulumi-alicloud-flowlog needs Node 22.19 or later");
    expect(r.stderr).not.toMatch(/npm run (demo|emulator)|devDependency/);
  });
});
