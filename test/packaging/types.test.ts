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

/** Type errors of SOURCE compiled as a file of the repo root (so node_modules resolves) under `options`. */
function errorsOf(options: ts.CompilerOptions): string[] {
  const file = path.join(ROOT, "consumer-types-check.ts");
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => (name === file ? SOURCE : readFile(name));
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
});
