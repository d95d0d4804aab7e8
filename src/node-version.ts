/**
 * A clear error instead of a crash deep inside undici when this package loads on a Node older than 22: `undici` 8 binds
 * zstd at load time, which Node 20 lacks (it throws "Cannot read properties of undefined (reading 'bind')"), and
 * `@pulumi/pulumi` 3.250+ declares Node 22. Imported first, for its effect, by every entry point: the package's index
 * files (a Pulumi program, the dynamic-provider process), the demo and the emulator CLI.
 * `npm run ...` puts the Node 22 of the `node` devDependency first on the PATH (README, "Node version").
 */
const REQUIRED_MAJOR = 22;

const major = Number(process.versions.node.split(".")[0]);
if (major < REQUIRED_MAJOR) {
  const message =
    `pulumi-alicloud-flowlog needs Node ${REQUIRED_MAJOR} or later; this is Node ${process.versions.node}. ` +
    "Run the demo and the emulator through npm (`npm run demo`, `npm run emulator`), which uses the Node 22 of the `node` " +
    "devDependency; run Pulumi programs with Node 22 first on the PATH.";
  const error = new Error(message);
  // The message is the whole story: no stack of module loading under it.
  error.stack = `Error: ${message}`;
  throw error;
}
