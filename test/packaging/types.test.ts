// The package's types as a consumer's TypeScript resolves them, offline: through node_modules/pulumi-alicloud-flowlog
// (the repo itself, a `file:.` devDependency), under node10 resolution (TypeScript's default for "module": "commonjs",
// where only package.json typesVersions maps the subpaths) and node16 (exports). Needs `npm run build` first.
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "..", "..");
const SOURCE = `
import { FlowLog, type FlowLogArgs } from "pulumi-alicloud-flowlog";
import { VpcClient } from "pulumi-alicloud-flowlog/client";
import { startEmulator } from "pulumi-alicloud-flowlog/emulator";
import { FlowLogProvider } from "pulumi-alicloud-flowlog/provider";
const args: FlowLogArgs = { resourceType: "VPC", resourceId: "vpc-1", trafficType: "All", projectName: "p1x", logStoreName: "s1x" };
export const uses = [FlowLog, args, VpcClient, startEmulator, FlowLogProvider];
`;

/** README's program: what a Pulumi project imports. */
const PROGRAM = `
import * as pulumi from "@pulumi/pulumi";
import { FlowLog } from "pulumi-alicloud-flowlog";
const config = new pulumi.Config();
const flowLog = new FlowLog("web", {
  resourceType: "VPC",
  resourceId: config.require("vpcId"),
  trafficType: "All",
  projectName: "my-sls-project",
  logStoreName: "my-sls-logstore",
  tags: { team: "net" },
});
export const flowLogId = flowLog.flowLogId;
export const resourceGroupId = flowLog.resourceGroupId;
`;

/**
 * The compilerOptions of `pulumi new typescript`'s tsconfig.json (pulumi/templates typescript): neither esModuleInterop
 * nor skipLibCheck, so every declaration file the program reaches is checked, under node10 resolution.
 */
const PULUMI_NEW: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2020,
  module: ts.ModuleKind.CommonJS,
  moduleResolution: ts.ModuleResolutionKind.Node10,
  experimentalDecorators: true,
  noFallthroughCasesInSwitch: true,
  noImplicitReturns: true,
  forceConsistentCasingInFileNames: true,
  types: ["node"],
};

/** Type errors of `source` compiled as a file of the repo root (so node_modules resolves) under `options`. */
function errorsOf(options: ts.CompilerOptions, source = SOURCE): string[] {
  const file = path.join(ROOT, "consumer-types-check.ts");
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => (name === file ? source : readFile(name));
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name === file || fileExists(name);
  const program = ts.createProgram([file], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
}

const base: ts.CompilerOptions = { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, esModuleInterop: true, skipLibCheck: true, types: ["node"] };

describe("the package's types from a consumer", () => {
  it("resolve under node10 (CommonJS default): the subpaths through typesVersions", () => {
    expect(errorsOf({ ...base, module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10 })).toEqual([]);
  }, 60_000);

  it("resolve under node16: the subpaths through exports", () => {
    expect(errorsOf({ ...base, module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16 })).toEqual([]);
  }, 60_000);

  // The root entry reached zod's declarations through the client it re-exported: 63 TS1259 errors in zod/v4/locales.
  it("README's program type-checks under the tsconfig of `pulumi new typescript` (no esModuleInterop, no skipLibCheck)", () => {
    expect(errorsOf(PULUMI_NEW, PROGRAM)).toEqual([]);
  }, 60_000);

  // README: the client's declarations reach zod's, which need one of the two (colinhacks/zod#5160).
  it.each([["esModuleInterop", { esModuleInterop: true }], ["skipLibCheck", { skipLibCheck: true }]])(
    "the /client subpath type-checks under that tsconfig with %s added",
    (_name, added) => {
      const client = `import { VpcClient } from "pulumi-alicloud-flowlog/client";\nexport const client = new VpcClient({ regionId: "cn-hangzhou" });\n`;
      expect(errorsOf({ ...PULUMI_NEW, ...added }, client)).toEqual([]);
    },
    60_000,
  );
});
