/**
 * A clear error instead of a crash deep inside undici when this package loads on a Node older than 22: `undici` 8 binds
 * zstd at load time, which Node 20 lacks (it throws "Cannot read properties of undefined (reading 'bind')"), and
 * `@pulumi/pulumi` 3.250+ declares Node 22. Imported first, for its effect, by the package's index files (a Pulumi
 * program, the dynamic-provider process); the demo and the emulator CLI import cli-node-version.ts, which prints the
 * same message and exits. The rule and its message are in node-version-rule.ts.
 */
import { oldNodeMessage } from "./node-version-rule";

const message = oldNodeMessage();
if (message !== undefined) {
  const error = new Error(message);
  // The message is the whole story: no stack of module loading under it.
  error.stack = `Error: ${message}`;
  throw error;
}
