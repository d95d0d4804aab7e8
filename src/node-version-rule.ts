/**
 * The Node version rule of the package, pure (no effect at import): node-version.ts throws with its message, the
 * command-line entry points (cli-node-version.ts) print it and exit.
 */
/** undici 8 declares `node >=22.19.0` (its package.json engines); @pulumi/pulumi 3.250+ declares Node 22. */
const REQUIRED = [22, 19] as const;

/** The message for a Node older than the package needs, or undefined on a recent enough one. */
export function oldNodeMessage(version: string = process.versions.node): string | undefined {
  const [major = 0, minor = 0] = version.split(".").map(Number);
  if (major > REQUIRED[0] || (major === REQUIRED[0] && minor >= REQUIRED[1])) return undefined;
  return (
    `pulumi-alicloud-flowlog needs Node ${REQUIRED.join(".")} or later; this is Node ${version}. ` +
    "Put a Node 22 first on the PATH before running Pulumi or this package's commands: install one, or " +
    "`npm install --save-dev node@22` and prepend node_modules/node/bin (npm scripts put it first by themselves)."
  );
}
