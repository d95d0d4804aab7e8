// The FlowLog's TypeScript types as a user's program sees them (the BUILT declarations, dist,
// through the package name), checked by `tsc --strict` on small programs written to a temporary folder (so the repo's
// own typecheck never sees the deliberately wrong one). Promise: README "typed args and outputs"; flow-log-args.ts
// declares every argument as pulumi.Input. Needs `npm run build`.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.join(__dirname, "../..");
const NM = path.join(ROOT, "node_modules");

function tsc(program: string): { ok: boolean; out: string } {
  const dir = mkdtempSync(path.join(tmpdir(), "flowlog-types-"));
  writeFileSync(path.join(dir, "index.ts"), program);
  writeFileSync(
    path.join(dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        strict: true, target: "ES2022", module: "commonjs", moduleResolution: "node10", noEmit: true,
        baseUrl: NM, typeRoots: [path.join(NM, "@types")], types: ["node"], skipLibCheck: true, esModuleInterop: true,
      },
      files: ["index.ts"],
    }),
  );
  const r = spawnSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", dir], { encoding: "utf8" });
  return { ok: r.status === 0, out: `${r.stdout}${r.stderr}` };
}

const HEADER = `import * as pulumi from "@pulumi/pulumi";\nimport { FlowLog } from "pulumi-alicloud-flowlog";\n`;

describe("FlowLog types", () => {
  it("the check can fail: a misspelt argument does not compile", () => {
    const r = tsc(`${HEADER}new FlowLog("x", { resourceType: "VPC", resourceId: "vpc-1", trafficType: "All", projectName: "p", logStoreName: "l", aggregationIntervall: 5 });\n`);
    expect(r.ok).toBe(false);
    expect(r.out).toMatch(/aggregationIntervall/);
  }, 60_000);

  it("every top-level argument accepts a pulumi.Output; outputs are typed", () => {
    const r = tsc(`${HEADER}
const s = (v: string) => pulumi.output(v);
const log = new FlowLog("x", {
  resourceType: pulumi.output("VPC" as const), resourceId: s("vpc-1"), trafficType: pulumi.output("All" as const),
  projectName: s("p"), logStoreName: s("l"), flowLogName: s("n"), description: pulumi.secret("d"),
  aggregationInterval: pulumi.output(5 as const), trafficPaths: [s("all")], resourceGroupId: s("rg-1"),
  tags: { team: s("net") }, ipVersion: pulumi.output("IPv4" as const), regionId: s("cn-hangzhou"),
  status: pulumi.output("Active" as const), timeouts: pulumi.output({ create: "5m" }),
});
const id: pulumi.Output<string> = log.flowLogId;
const rg: pulumi.Output<string> = log.resourceGroupId;
const tags: pulumi.Output<Record<string, string>> = log.tags;
const paths: pulumi.Output<string[]> = log.trafficPaths;
const del: pulumi.Output<string> = log.timeouts.apply((t) => t.delete);
export { id, rg, tags, paths, del };
`);
    expect(r.out).toBe("");
    expect(r.ok).toBe(true);
  }, 60_000);

  // Pulumi's convention for nested input objects is pulumi.Input on each property (as `tags` values and `trafficPaths`
  // elements have), so a timeout read from a stack output can be passed per field.
  it("a timeouts field given as a pulumi.Output compiles (nested Input, as for tags and trafficPaths)", () => {
    const r = tsc(`${HEADER}
const cfgDelete: pulumi.Output<string> = pulumi.output("20m");
new FlowLog("x", { resourceType: "VPC", resourceId: "vpc-1", trafficType: "All", projectName: "p", logStoreName: "l",
  timeouts: { create: "5m", delete: cfgDelete } });
`);
    expect(r.out).toBe("");
    expect(r.ok).toBe(true);
  }, 60_000);
});
