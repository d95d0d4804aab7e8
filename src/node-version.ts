/**
 * A clear error instead of a crash deep inside undici when this package loads on a Node older than 22: `undici` 8 binds
 * zstd at load time, which Node 20 lacks (it throws "Cannot read properties of undefined (reading 'bind')"), and
 * `@pulumi/pulumi` 3.250+ declares Node 22. Imported first, for its effect, by every entry point: the package's index
 * files (a Pulumi program, the dynamic-provider process), the demo and the emulator CLI.
 * `npm run ...` puts the Node 22 of a `node` devDependency first on the PATH (README, "Node version"); the message says so
 * in words a project that installed this package can follow.
 */
/** undici 8 declares `node >=22.19.0` (its package.json engines); @pulumi/pulumi 3.250+ declares Node 22. */
const REQUIRED = [22, 19] as const;

const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
if (major < REQUIRED[0] || (major === REQUIRED[0] && minor < REQUIRED[1])) {
  const message =
    `pulumi-alicloud-flowlog needs Node ${REQUIRED.join(".")} or later; this is Node ${process.versions.node}. ` +
    "Put a Node 22 first on the PATH before running Pulumi or this package's commands: install one, or " +
    "`npm install --save-dev node@22` and prepend node_modules/node/bin (npm scripts put it first by themselves).";
  const error = new Error(message);
  // The message is the whole story: no stack of module loading under it.
  error.stack = `Error: ${message}`;
  throw error;
}
