/**
 * Loads a Pulumi program module with Node's own `require`, never through a bundler or test transform: the dynamic
 * resource's `__provider` is serialized from the functions that actually run, so they must be the compiled package
 * (`pulumi-alicloud-flowlog` -> dist through the node_modules self link), not vitest's or tsx's rewrite of `src/`.
 *
 * A `.ts` program is transpiled file by file with the project's `typescript` (CommonJS, no type check), which is what
 * Pulumi's language host does with ts-node when `typescript` is installed. Only `.ts` files are transpiled; `.js`
 * files, the built package among them, load untouched.
 */
import path from "node:path";
import type * as TypeScript from "typescript";

type CompilableModule = NodeJS.Module & { _compile(code: string, filename: string): void };

let registered = false;

/** Installs the `.ts` loader once per process (a no-op when something else, e.g. ts-node, already handles `.ts`). */
export function registerTypeScriptLoader(): void {
  if (registered || require.extensions[".ts"]) return;
  registered = true;
  require.extensions[".ts"] = (module, filename) => {
    const ts: typeof TypeScript = require("typescript");
    const source = ts.sys.readFile(filename) ?? "";
    const { outputText } = ts.transpileModule(source, {
      fileName: filename,
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        esModuleInterop: true,
        sourceMap: false,
      },
    });
    (module as CompilableModule)._compile(outputText, filename);
  };
}

/**
 * Requires a program module (`.js` or `.ts`) by absolute or cwd-relative path.
 * @returns the module's exports.
 */
export function loadProgramModule(file: string): Record<string, unknown> {
  registerTypeScriptLoader();
  return require(path.resolve(file)) as Record<string, unknown>;
}
