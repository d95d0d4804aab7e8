/**
 * Runs the real `@pulumi/pulumi` dynamic-provider server (`cmd/dynamic-provider`) as the Pulumi engine does and calls it
 * over gRPC, so tests and the demo exercise exactly the code path `pulumi up` uses: the serialized `__provider` text
 * loaded with `require-from-string` in a separate Node process, Struct conversion, init-failure details.
 *
 * Follows /work/shared/pulumi/NOTES.md "Testing without the Pulumi CLI" and the server's source
 * (`@pulumi/pulumi/cmd/dynamic-provider/index.js` 3.270).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import * as grpc from "@grpc/grpc-js";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as statusproto from "@pulumi/pulumi/proto/status_pb";
import { ProviderProcessError, ProviderRpcError, ResourceInitFailedError, type CheckFailure } from "./errors";
import { fromStruct, toStruct, wireSecret, type PropertyMap } from "./values";

/** One line the provider process printed (its `console.log`, `pulumi.log.*` and crash output). */
export interface LogLine {
  readonly stream: "stdout" | "stderr";
  readonly text: string;
}

/** A configuration value: a plain string, or `{ value, secret: true }` for a secret (sent wrapped, as the engine does). */
export type ConfigValue = string | { readonly value: string; readonly secret?: boolean };

/** Options of {@link startProviderProcess}. */
export interface ProviderProcessOptions {
  /** Working directory of the process: the Pulumi project directory, against which `__provider`'s requires resolve. */
  readonly projectDir: string;
  /** Project name, exported as `PULUMI_NODEJS_PROJECT` (unqualified config keys are read under it). */
  readonly project: string;
  /**
   * Extra environment variables, added to this process's environment (or replacing it when `inheritEnv` is false);
   * `undefined` removes an inherited variable.
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Start from this process's environment. Default true (the engine passes its own environment on). */
  readonly inheritEnv?: boolean;
  /** Give up when the port line has not come within this many ms. Default 30000. */
  readonly startTimeoutMs?: number;
  /** Node executable. Default `process.execPath`. */
  readonly nodePath?: string;
  /** Called with every log line as it arrives (the demo prints the provider's progress through it). */
  readonly onLog?: (line: LogLine) => void;
}

/** Result of Check. */
export interface CheckResult {
  /** The inputs the provider returned (with `__provider`), to be used for Diff/Create/Update. */
  readonly inputs: PropertyMap;
  /** Refused properties; empty when the inputs are valid. */
  readonly failures: readonly CheckFailure[];
}

/** Result of Diff, as the engine sees it (stables and detailed diffs do not cross the dynamic-provider boundary). */
export interface DiffResult {
  /** `some`: an update or replace is needed; `none`: nothing; `unknown`: the provider did not say (engine diffs inputs). */
  readonly changes: "none" | "some" | "unknown";
  /** Properties whose change replaces the resource. */
  readonly replaces: readonly string[];
  /** Delete the old resource before creating its replacement. */
  readonly deleteBeforeReplace: boolean;
}

/** Result of Create. */
export interface CreateResult {
  readonly id: string;
  /** Outputs, `__provider` included. */
  readonly properties: PropertyMap;
}

/** Result of Read. `id` is "" when the resource is gone. */
export interface ReadResult {
  readonly id: string;
  readonly properties: PropertyMap;
  /** Inputs the provider wants used for later diffs, when it returned any. */
  readonly inputs?: PropertyMap;
}

/** A running dynamic-provider process and a gRPC client connected to it. */
export interface ProviderProcess {
  /** Port the server listens on (127.0.0.1). */
  readonly port: number;
  /** Process id of the provider process. */
  readonly pid: number;
  /** Every line printed so far, the port line excluded. */
  logs(): readonly LogLine[];
  /**
   * Resolves with the first line (already printed or to come) that matches; output travels on its own pipe, so a
   * line printed during an RPC may arrive after the RPC's answer.
   * @throws ProviderProcessError when none comes within `timeoutMs` (default 5000).
   */
  waitForLog(match: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  /** Configure: must come first. Keys are fully qualified (`project:key`, `alicloud:region`). */
  configure(config: Readonly<Record<string, ConfigValue>>): Promise<void>;
  check(urn: string, olds: PropertyMap, news: PropertyMap): Promise<CheckResult>;
  diff(id: string, urn: string, olds: PropertyMap, news: PropertyMap, oldInputs?: PropertyMap): Promise<DiffResult>;
  /** Throws {@link ResourceInitFailedError} when the provider created the object but could not initialize it. */
  create(urn: string, properties: PropertyMap): Promise<CreateResult>;
  /** For a refresh pass the prior outputs as `properties`; for a get its properties as both; an import's Read (the engine's) passes `{}` and none. */
  read(id: string, urn: string, properties: PropertyMap, inputs?: PropertyMap): Promise<ReadResult>;
  /** Throws {@link ResourceInitFailedError} like create. Returns the new outputs. */
  update(id: string, urn: string, olds: PropertyMap, news: PropertyMap, oldInputs?: PropertyMap): Promise<PropertyMap>;
  delete(id: string, urn: string, properties: PropertyMap, oldInputs?: PropertyMap): Promise<void>;
  /** Closes the client and ends the process (SIGTERM, then SIGKILL after 2 s). Safe to call twice. */
  stop(): Promise<void>;
}

type Unary<Req, Res> = (
  req: Req,
  meta: grpc.Metadata,
  opts: Partial<grpc.CallOptions>,
  cb: (err: grpc.ServiceError | null, res: Res) => void,
) => grpc.ClientUnaryCall;

const DIFF_CHANGES: Record<number, DiffResult["changes"]> = {
  [provproto.DiffResponse.DiffChanges.DIFF_NONE]: "none",
  [provproto.DiffResponse.DiffChanges.DIFF_SOME]: "some",
  [provproto.DiffResponse.DiffChanges.DIFF_UNKNOWN]: "unknown",
};

/**
 * Loaded into the provider process before Pulumi's server (`node --import`): it exits once its stdin reaches its end,
 * which happens when the process that started it is gone, even killed by SIGKILL or a closed terminal. Without it such a
 * provider process runs on under init, and once its stderr pipe breaks it loops writing EPIPE errors at full CPU.
 */
const EXIT_WITH_PARENT =
  "data:text/javascript,const end=()=>process.exit(0);process.stdin.on('end',end);process.stdin.on('error',end);process.stdin.resume();";

/** Provider processes started and not yet exited: a parent stopped by a signal kills them (a child outlives its parent). */
const live = new Set<ChildProcess>();

/**
 * Kills (SIGKILL) every provider process this process started that still runs, for a signal handler (the demo's) that
 * exits right after: a Node process ended by a signal leaves its children running. Resolves once they exited (so they
 * are reaped, not left as zombies), or after `withinMs`.
 */
export async function killProviderProcesses(withinMs = 1_000): Promise<void> {
  const exits = [...live].map((child) => new Promise<void>((resolve) => child.once("exit", () => resolve())));
  for (const child of live) child.kill("SIGKILL");
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([Promise.all(exits), new Promise<void>((resolve) => (timer = setTimeout(resolve, withinMs)))]);
  clearTimeout(timer);
}

/**
 * Starts `node <@pulumi/pulumi/cmd/dynamic-provider> 127.0.0.1:1` in `projectDir` (the address argument is required
 * but unused), reads the gRPC port from the first stdout line and connects.
 * @throws ProviderProcessError when the process exits or prints nothing within `startTimeoutMs`.
 */
export async function startProviderProcess(options: ProviderProcessOptions): Promise<ProviderProcess> {
  const entry = require.resolve("@pulumi/pulumi/cmd/dynamic-provider");
  const baseEnv = options.inheritEnv === false ? {} : process.env;
  const child = spawn(options.nodePath ?? process.execPath, ["--import", EXIT_WITH_PARENT, entry, "127.0.0.1:1"], {
    cwd: options.projectDir,
    env: definedOnly({ ...baseEnv, ...options.env, PULUMI_NODEJS_PROJECT: options.project }),
    // stdin is the parent-death pipe of EXIT_WITH_PARENT: this process never writes to it, and the OS closes it when this
    // process ends, however it ends.
    stdio: ["pipe", "pipe", "pipe"],
  });
  live.add(child);
  // A child that never spawned (no such node) sends "error" and "close", never "exit".
  child.once("exit", () => {
    live.delete(child);
    child.stdin?.destroy();
  });
  child.once("error", () => live.delete(child));
  const lines: LogLine[] = [];
  const port = await readPort(child, lines, options);
  // Loopback only: never through a proxy that http_proxy or grpc_proxy (lower case, which grpc-js reads) may name.
  const client = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), { "grpc.enable_http_proxy": 0 });
  return new RunningProvider(child, client, port, lines);
}

/** Collects output lines; resolves with the first stdout line as the port. */
function readPort(child: ChildProcess, lines: LogLine[], options: ProviderProcessOptions): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    let port: number | undefined;
    const fail = (why: string): void => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      const tail = lines.slice(-10).map((l) => l.text).join("\n");
      reject(new ProviderProcessError(`dynamic-provider process ${why}${tail ? `:\n${tail}` : ""}`));
    };
    const timer = setTimeout(() => fail("printed no port in time"), options.startTimeoutMs ?? 30_000);
    const collect = (stream: LogLine["stream"]) => (text: string) => {
      if (stream === "stdout" && port === undefined) {
        port = Number(text.trim());
        clearTimeout(timer);
        if (Number.isInteger(port) && port > 0) resolve(port);
        else fail(`printed "${text}" instead of a port`);
        return;
      }
      const line = { stream, text };
      lines.push(line);
      options.onLog?.(line);
    };
    createInterface({ input: child.stdout! }).on("line", collect("stdout"));
    createInterface({ input: child.stderr! }).on("line", collect("stderr"));
    child.once("error", (e) => fail(`could not start (${e.message})`));
    child.once("exit", (code) => {
      if (port === undefined) fail(`exited with code ${code}`);
    });
  });
}

class RunningProvider implements ProviderProcess {
  private stopped: Promise<void> | undefined;

  constructor(
    private readonly child: ChildProcess,
    private readonly client: provrpc.ResourceProviderClient,
    readonly port: number,
    private readonly lines: LogLine[],
  ) {}

  get pid(): number {
    return this.child.pid ?? -1;
  }

  logs(): readonly LogLine[] {
    return [...this.lines];
  }

  async waitForLog(match: (line: LogLine) => boolean, timeoutMs = 5_000): Promise<LogLine> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.lines.find(match);
      if (found) return found;
      if (Date.now() > deadline) throw new ProviderProcessError("no matching log line from the provider process");
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  async configure(config: Readonly<Record<string, ConfigValue>>): Promise<void> {
    const req = new provproto.ConfigureRequest();
    const args: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(config)) {
      const plain = typeof v === "string" ? v : v.value;
      // The engine sends secrets wrapped in `args` (the server unwraps them with rpc.unwrapRpcSecret) and plain in
      // the legacy `variables` map.
      args[key] = typeof v !== "string" && v.secret ? wireSecret(plain) : plain;
      req.getVariablesMap().set(key, plain);
    }
    req.setArgs(toStruct(args));
    req.setAcceptsecrets(true);
    req.setAcceptresources(true);
    await this.call("Configure", this.client.configure, req);
  }

  async check(urn: string, olds: PropertyMap, news: PropertyMap): Promise<CheckResult> {
    const req = new provproto.CheckRequest().setUrn(urn).setOlds(toStruct(olds)).setNews(toStruct(news));
    req.setName(nameOf(urn)).setType(typeOf(urn));
    const res = await this.call("Check", this.client.check, req);
    const failures = res.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() }));
    return { inputs: fromStruct(res.getInputs()), failures };
  }

  async diff(id: string, urn: string, olds: PropertyMap, news: PropertyMap, oldInputs?: PropertyMap): Promise<DiffResult> {
    const req = new provproto.DiffRequest().setId(id).setUrn(urn).setOlds(toStruct(olds)).setNews(toStruct(news));
    req.setName(nameOf(urn)).setType(typeOf(urn));
    if (oldInputs) req.setOldInputs(toStruct(oldInputs));
    const res = await this.call("Diff", this.client.diff, req);
    return {
      changes: DIFF_CHANGES[res.getChanges()] ?? "unknown",
      replaces: res.getReplacesList(),
      deleteBeforeReplace: res.getDeletebeforereplace(),
    };
  }

  async create(urn: string, properties: PropertyMap): Promise<CreateResult> {
    const req = new provproto.CreateRequest().setUrn(urn).setProperties(toStruct(properties));
    req.setName(nameOf(urn)).setType(typeOf(urn));
    const res = await this.call("Create", this.client.create, req);
    return { id: res.getId(), properties: fromStruct(res.getProperties()) };
  }

  async read(id: string, urn: string, properties: PropertyMap, inputs?: PropertyMap): Promise<ReadResult> {
    const req = new provproto.ReadRequest().setId(id).setUrn(urn).setProperties(toStruct(properties));
    req.setName(nameOf(urn)).setType(typeOf(urn));
    if (inputs) req.setInputs(toStruct(inputs));
    const res = await this.call("Read", this.client.read, req);
    const result = { id: res.getId(), properties: fromStruct(res.getProperties()) };
    return res.hasInputs() ? { ...result, inputs: fromStruct(res.getInputs()) } : result;
  }

  async update(id: string, urn: string, olds: PropertyMap, news: PropertyMap, oldInputs?: PropertyMap): Promise<PropertyMap> {
    const req = new provproto.UpdateRequest().setId(id).setUrn(urn).setOlds(toStruct(olds)).setNews(toStruct(news));
    req.setName(nameOf(urn)).setType(typeOf(urn));
    if (oldInputs) req.setOldInputs(toStruct(oldInputs));
    const res = await this.call("Update", this.client.update, req);
    return fromStruct(res.getProperties());
  }

  async delete(id: string, urn: string, properties: PropertyMap, oldInputs?: PropertyMap): Promise<void> {
    const req = new provproto.DeleteRequest().setId(id).setUrn(urn).setProperties(toStruct(properties));
    req.setName(nameOf(urn)).setType(typeOf(urn));
    if (oldInputs) req.setOldInputs(toStruct(oldInputs));
    await this.call("Delete", this.client.delete, req);
  }

  stop(): Promise<void> {
    this.stopped ??= this.terminate();
    return this.stopped;
  }

  private async terminate(): Promise<void> {
    this.client.close();
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
    this.child.kill("SIGTERM");
    const timer = setTimeout(() => this.child.kill("SIGKILL"), 2_000);
    await exited;
    clearTimeout(timer);
  }

  private call<Req, Res>(method: string, fn: Unary<Req, Res>, req: Req): Promise<Res> {
    return new Promise<Res>((resolve, reject) => {
      fn.call(this.client, req, new grpc.Metadata(), {}, (err, res) => {
        if (err) reject(decodeError(method, err));
        else resolve(res);
      });
    });
  }
}

/**
 * An init failure travels as gRPC UNKNOWN with a `google.rpc.Status` in `grpc-status-details-bin` whose details hold a
 * packed `pulumirpc.ErrorResourceInitFailed` (see grpcResponseFromError in the server). Anything else is the message.
 */
function decodeError(method: string, err: grpc.ServiceError): Error {
  const bin = err.metadata?.get("grpc-status-details-bin")[0];
  if (bin !== undefined && typeof bin !== "string") {
    const status = statusproto.Status.deserializeBinary(bin);
    for (const any of status.getDetailsList()) {
      if (!any.getTypeUrl().endsWith("pulumirpc.ErrorResourceInitFailed")) continue;
      const detail = provproto.ErrorResourceInitFailed.deserializeBinary(any.getValue_asU8());
      return new ResourceInitFailedError(
        status.getMessage() || err.details,
        detail.getId(),
        fromStruct(detail.getProperties()),
        detail.getReasonsList(),
      );
    }
  }
  return new ProviderRpcError(method, err.code, err.details);
}

/** Drops variables set to undefined (a way to remove an inherited one). */
function definedOnly(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}

// urn:pulumi:<stack>::<project>::<qualified type>::<name>
function nameOf(urn: string): string {
  return urn.split("::").slice(3).join("::");
}
function typeOf(urn: string): string {
  return (urn.split("::")[2] ?? "").split("$").pop() ?? "";
}

