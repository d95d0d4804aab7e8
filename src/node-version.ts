/**
 * A clear message instead of a crash deep inside undici when an entry point (the demo, the emulator CLI) runs on a Node
 * older than 22: `undici` 8 binds zstd at load time, which Node 20 lacks (it throws "Cannot read properties of undefined
 * (reading 'bind')"), and `@pulumi/pulumi` 3.250+ declares Node 22. Imported first by those entry points, for its effect.
 * `npm run ...` puts the Node 22 of the `node` devDependency first on the PATH (README, "Node version").
 */
const REQUIRED_MAJOR = 22;

const major = Number(process.versions.node.split(".")[0]);
if (major < REQUIRED_MAJOR) {
  console.error(
    `pulumi-alicloud-flowlog needs Node ${REQUIRED_MAJOR} or later; this is Node ${process.versions.node}. ` +
      "Run it through npm (`npm run demo`, `npm run emulator`), which uses the Node 22 of the `node` devDependency.",
  );
  process.exit(1);
}
