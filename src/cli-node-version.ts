/**
 * The Node check of the command-line entry points (the demo, the emulator CLI), imported before anything else: on an
 * older Node it prints the one-line message and exits 1. The library's check (node-version.ts) throws instead, which a
 * program can catch, but which Node prints under a code frame when nothing does.
 */
import { oldNodeMessage } from "./node-version-rule";

const message = oldNodeMessage();
if (message !== undefined) {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}
