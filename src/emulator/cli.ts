#!/usr/bin/env node
/**
 * `alicloud-vpc-emulator`: starts the VPC API emulator from the command line and prints
 * `listening on http://127.0.0.1:PORT`; stops cleanly on SIGINT and SIGTERM (the state file, if any, is saved; when
 * that last save fails, the error is printed and the exit code is 1).
 */
import "../cli-node-version";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { startEmulator, type EmulatorOptions } from "./index";
import { DEFAULT_ACCESS_KEY_ID } from "./defaults";

/** The CLI's default port: fixed so that a demo configuration can name it; `--port 0` picks a free one. */
export const DEFAULT_CLI_PORT = 9100;

/**
 * Every option the CLI accepts (node:util parseArgs configuration); USAGE documents each one, which a test checks.
 * String options take a value (`--port 0`); `access-key` may be repeated.
 */
export const CLI_OPTIONS = {
  port: { type: "string" },
  host: { type: "string" },
  "state-file": { type: "string" },
  world: { type: "string" },
  "activation-delay": { type: "string" },
  "transition-delay": { type: "string" },
  "access-key": { type: "string", multiple: true },
  quiet: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const satisfies ParseArgsConfig["options"];

/** The text `--help` prints: every option of CLI_OPTIONS with its value, default and meaning, and the control routes. */
export const USAGE = `Usage: alicloud-vpc-emulator [options]

A local emulator of the Alibaba Cloud VPC API (2016-04-28, flow logs).

Options:
  --port <n>               port to listen on; 0 picks a free one (default ${DEFAULT_CLI_PORT})
  --host <address>         interface to bind (default 127.0.0.1)
  --state-file <path>      keep flow logs in this JSON file across restarts
  --world <path>           JSON file describing regions, VPCs, vSwitches, ENIs, SLS projects, resource groups
                           (format: README, "The emulator"; default: the demo world of vpc-demo0001... in five regions)
  --activation-delay <ms>  Activating -> Active delay (default 3000)
  --transition-delay <ms>  Modifying / Deactivating / Deleting delay (default 1000)
  --access-key <id:secret> accept this AccessKey pair (repeatable; default: the documented demo pair,
                           AccessKeyId ${DEFAULT_ACCESS_KEY_ID})
  --quiet                  do not log requests (state file failures are still logged)
  -h, --help               show this help

Control API (JSON, unsigned): GET /__emulator/flowlogs, GET /__emulator/stats, GET|POST|DELETE /__emulator/faults,
GET|PATCH /__emulator/settings, POST /__emulator/reset.
`;

const MARKER = Symbol.for("pulumi-alicloud-flowlog.emulator.CliUsageError");

/** A command line the CLI cannot run; the message says what is wrong. */
export class CliUsageError extends Error {
  readonly [MARKER] = true;
  override readonly name = "CliUsageError";
  readonly code = "ERR_EMULATOR_CLI_USAGE";

  /** True for a CliUsageError from any copy of this module. */
  static isInstance(value: unknown): value is CliUsageError {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[MARKER] === true;
  }
}

/** What the command line asks for: `help`, or the options to start with. */
export type CliCommand = { help: true } | { help: false; options: EmulatorOptions; quiet: boolean };

/**
 * Parses the arguments (without `node` and the script).
 * @throws CliUsageError for unknown options or bad values
 */
export function parseCliArgs(argv: readonly string[]): CliCommand {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], strict: true, options: CLI_OPTIONS, tokens: true });
  } catch (error) {
    throw new CliUsageError(usageMessage(error as NodeJS.ErrnoException));
  }
  const { values, tokens } = parsed;
  if (values.help) return { help: true };
  refuseRepeats(tokens);
  const settings: EmulatorOptions["settings"] = {};
  if (values["activation-delay"] !== undefined) settings.activationDelayMs = wholeNumber("--activation-delay", values["activation-delay"]);
  if (values["transition-delay"] !== undefined) settings.transitionDelayMs = wholeNumber("--transition-delay", values["transition-delay"]);
  if (values.host !== undefined && values.host.trim() === "") throw new CliUsageError("--host needs an address to bind (an IP address or a host name); an empty one would bind every interface.");
  const options: EmulatorOptions = {
    host: values.host ?? "127.0.0.1",
    port: values.port === undefined ? DEFAULT_CLI_PORT : port(values.port),
    settings,
  };
  if (values["state-file"] !== undefined) options.stateFile = filePath("--state-file", values["state-file"]);
  if (values.world !== undefined) options.world = filePath("--world", values.world);
  if (values["access-key"] !== undefined) options.accessKeys = values["access-key"].map(accessKey);
  return { help: false, options, quiet: values.quiet ?? false };
}

/** What each option's value must be, for messages. */
const VALUE_RULES: Readonly<Record<string, string>> = {
  port: "a number from 0 to 65535",
  host: "an address to bind",
  "state-file": "a file path",
  world: "a file path",
  "activation-delay": "a whole number of milliseconds",
  "transition-delay": "a whole number of milliseconds",
  "access-key": "<AccessKeyId>:<AccessKeySecret>",
};

/**
 * One line for node:util parseArgs's refusals, naming the option and its rule. Never quotes a stray argument: it may be
 * a secret (`--access-key id secret`, written with a space instead of a colon).
 */
function usageMessage(error: NodeJS.ErrnoException): string {
  // The option as node:util quotes it ('--port <value>', '-h, --help', '--port2'), up to a space, comma or "=".
  const quoted = /'(-{1,2}[^'\s,=]+)/.exec(error.message)?.[1];
  const name = quoted === "-h" ? "help" : quoted?.replace(/^-+/, "");
  switch (error.code) {
    case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL":
      return "arguments must follow an option (e.g. --access-key <AccessKeyId>:<AccessKeySecret>, one word); this one follows none.";
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
      if (name !== undefined && VALUE_RULES[name] !== undefined) return `--${name} needs a value: ${VALUE_RULES[name]} (a value cannot start with "-").`;
      if (name !== undefined) return `--${name} takes no value.`;
      break;
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
      return `${quoted === undefined ? "an unknown option" : `unknown option ${quoted}`}; see --help.`;
  }
  return error.message.split("\n")[0]!;
}

/** A repeated option other than --access-key would silently win over the first one: refused, naming it. */
function refuseRepeats(tokens: readonly { kind: string; name?: string }[]): void {
  const seen = new Set<string>();
  for (const token of tokens) {
    if (token.kind !== "option" || token.name === undefined) continue;
    const multiple = (CLI_OPTIONS as Record<string, { multiple?: boolean }>)[token.name]?.multiple === true;
    if (seen.has(token.name) && !multiple) throw new CliUsageError(`--${token.name} is given more than once; give it once.`);
    seen.add(token.name);
  }
}

function filePath(flag: string, text: string): string {
  if (text.trim() === "") throw new CliUsageError(`${flag} needs a file path.`);
  return text;
}

function wholeNumber(flag: string, text: string): number {
  if (!/^\d+$/.test(text)) throw new CliUsageError(`${flag} needs a whole number of milliseconds, got "${text}".`);
  // Digits beyond 2^53 lose their value (hundreds of them make Infinity, which the settings refuse under another name).
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new CliUsageError(`${flag} needs a whole number of milliseconds up to ${Number.MAX_SAFE_INTEGER}, got ${text.length} digits.`);
  return value;
}

function port(text: string): number {
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= 0 && value <= 65535)) throw new CliUsageError(`--port needs a number from 0 to 65535, got "${text}".`);
  return value;
}

/** `id:secret`; the secret may itself contain colons. Never echoes the secret in an error. */
function accessKey(text: string): { accessKeyId: string; accessKeySecret: string } {
  const at = text.indexOf(":");
  if (at <= 0 || at === text.length - 1) throw new CliUsageError("--access-key needs the form <AccessKeyId>:<AccessKeySecret>.");
  return { accessKeyId: text.slice(0, at), accessKeySecret: text.slice(at + 1) };
}

/** Runs the CLI until SIGINT / SIGTERM. Resolves with the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  let command: CliCommand;
  try {
    command = parseCliArgs(argv);
  } catch (error) {
    if (!CliUsageError.isInstance(error)) throw error;
    process.stderr.write(`alicloud-vpc-emulator: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (command.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const output = closableStdout();
  const emulator = await startEmulator({ ...command.options, logger: output, logRequests: !command.quiet }).catch((error: unknown) => {
    throw startError(error, command.options);
  });
  output(`listening on ${emulator.url}`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
  await emulator.stop();
  output("stopped");
  return 0;
}

/**
 * Writes lines to stdout until its reader goes away (a script that read `listening on` and closed the pipe): then the
 * lines are dropped and the emulator keeps serving, instead of dying of an unhandled EPIPE.
 */
function closableStdout(): (line: string) => void {
  let open = true;
  process.stdout.on("error", () => {
    open = false;
  });
  return (line) => {
    if (open) process.stdout.write(`${line}\n`);
  };
}

/** A failed start with the flag to change named: a port in use, a host that cannot be bound or resolved. */
function startError(error: unknown, options: EmulatorOptions): unknown {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === "EADDRINUSE") return new Error(`--port ${options.port} is in use (EADDRINUSE): stop what uses it, or choose another port (--port 0 picks a free one).`);
  if (code === "EACCES") return new Error(`--port ${options.port} needs privileges this process lacks: choose a port from 1024 up, or --port 0.`);
  if (code === "ENOTFOUND" || code === "EAI_AGAIN" || code === "EADDRNOTAVAIL") {
    return new Error(`--host ${options.host} cannot be bound here (${code}): give an address of this machine, such as 127.0.0.1.`);
  }
  return error;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`alicloud-vpc-emulator: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
