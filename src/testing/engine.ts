/**
 * A mini Pulumi engine: runs a program function in this process under `pulumi.runtime.setMocks`, and answers every
 * dynamic resource registration with the real dynamic-provider process (see provider-process.ts), the way the engine's
 * step generator does (`pkg/resource/deploy/step_generator.go`): Check then Create for a new resource; Check, Diff and
 * then nothing, Update or a replacement for a known one; Read for the `import` option and for a get; deletes for resources the
 * program no longer registers. It keeps the stack state between runs, so `up` twice, `preview`, `refresh`, `destroy`
 * and `import` behave like the CLI.
 *
 * In-process and repeatable: `setMocks` calls `resetOptions`, which resets the SDK's runtime state (monitor, pending
 * registrations, feature flags) before each run, and `disconnect()` drains the RPC queue after it; so one process can
 * run many programs in turn (not concurrently: the SDK's runtime state is global). The program must be compiled
 * JavaScript loaded by Node (see load-program.ts): the provider text serialized into `__provider` is taken from the
 * code that actually runs.
 *
 * Simplifications (documented, not hidden): URNs ignore parents; a replaced resource's old copy is deleted right
 * after its replacement is created (the engine waits for the end of the run; one whose delete fails is kept, as the
 * engine's `delete: true`, and deleted by the next update or destroy); non-dynamic resources are echoed back.
 * Resource options that only the engine acts on (protect, retainOnDelete, ignoreChanges, aliases, dependsOn,
 * deleteBeforeReplace) do not reach the mocks and are not honoured: a test of them here proves nothing.
 *
 * The `import` option's Read is sent as the engine sends it (ImportStep.Apply, pkg/resource/deploy/step.go): with no
 * properties and no inputs, so a dynamic provider fails it ("code must be a string": no `__provider`, pulumi/pulumi#3550);
 * FlowLog never sends one (its constructor turns the option into `importId`, see provider/import-existing.ts). A get
 * (`FlowLog.get`, a read by id) reaches the mocks with an id too, told apart by the SDK's mocks passing no `transforms`
 * for a read; its Read carries the get's properties, as the engine's does, but it then runs as an import, which fails
 * unless the program's args describe the flow log: programs run here should not use it.
 */
import { randomBytes } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { CheckFailedError, EngineRunError, ImportMismatchError, ResourceInitFailedError } from "./errors";
import { providerInputs, sdkState } from "./mock-inputs";
import { captureUnhandledRejections } from "./rejections";
import { startProviderProcess, type ConfigValue, type LogLine, type ProviderProcess } from "./provider-process";
import { emptyState, stateToJson, type ResourceState, type StackState } from "./state";
import { isWireSecret, toPlain, type PropertyMap } from "./values";

/** A Pulumi program: registers resources and returns the stack outputs (a map of inputs), like an `export =` function. */
export type Program = () => unknown;

/** What happened to a resource, in the words of the CLI's preview and update display. */
export type StepOp = "create" | "update" | "same" | "replace" | "delete" | "import" | "refresh" | "gone";

/** One step event; `phase` is `start` before the provider call, `done` or `failed` after it. */
export interface EngineEvent {
  readonly op: StepOp;
  readonly phase: "start" | "done" | "failed";
  readonly urn: string;
  readonly name: string;
  readonly id?: string;
  readonly preview: boolean;
  /** For updates and replaces: the properties that changed or replace; for failures: the message. */
  readonly detail?: string;
}

/** Options of {@link MiniEngine}. */
export interface EngineOptions {
  /** Project name (URNs, unqualified config keys, `PULUMI_NODEJS_PROJECT`). */
  readonly project: string;
  /** Stack name. Default `dev`. */
  readonly stack?: string;
  /** Directory the provider process runs in: where `__provider`'s `require("pulumi-alicloud-flowlog/provider")` resolves. */
  readonly projectDir: string;
  /** Extra environment of the provider process (e.g. `ALIBABA_CLOUD_VPC_ENDPOINT`, credentials). */
  readonly providerEnv?: Readonly<Record<string, string | undefined>>;
  /** Stack configuration; keys without `:` are qualified with the project. Secrets are `{ value, secret: true }`. */
  readonly config?: Readonly<Record<string, ConfigValue>>;
  /** State to start from. Default: an empty stack. */
  readonly state?: StackState;
  /** Called for each step event. */
  readonly onEvent?: (event: EngineEvent) => void;
  /** Called with each line the provider process prints. */
  readonly onLog?: (line: LogLine) => void;
  /** Clock for the state manifest. Default `() => new Date()`. */
  readonly now?: () => Date;
  /** Ciphertext of a secret in the state JSON. Default: random bytes, nothing of the plaintext. */
  readonly encrypt?: (plaintext: string) => string;
}

/** Result of up and preview. */
export interface RunResult {
  /** Stack outputs; during a preview, values not known yet are the UNKNOWN sentinel. Secrets in plain. */
  readonly outputs: PropertyMap;
  /** Names of the outputs that are secret. */
  readonly secretOutputs: readonly string[];
  /** Every step event of the run. */
  readonly events: readonly EngineEvent[];
  /** What the provider process printed during the run. */
  readonly logs: readonly LogLine[];
}

interface RunContext {
  readonly provider: ProviderProcess;
  readonly preview: boolean;
  readonly prior: ReadonlyMap<string, ResourceState>;
  /** URNs the program registered in this run. */
  readonly registered: Set<string>;
  /** Resources registered by this run, in the order their steps finished. */
  readonly next: Map<string, ResourceState>;
  /** Prior resources that are gone (replaced with delete-before-replace, or deleted). */
  readonly removed: Set<string>;
  /** Old copies of create-first replacements still to delete (StackState.pendingDeletes). */
  readonly pendingDeletes: ResourceState[];
  readonly events: EngineEvent[];
  readonly errors: unknown[];
}

interface StepResult {
  readonly id: string;
  readonly outputs: PropertyMap;
  readonly secretKeys: readonly string[];
}

/** The mini engine. One operation at a time; every operation starts its own provider process, as the CLI does. */
export class MiniEngine {
  private current: StackState;
  private readonly stack: string;

  constructor(private readonly options: EngineOptions) {
    this.current = options.state ?? emptyState();
    this.stack = options.stack ?? "dev";
  }

  /** Current state (a copy). */
  state(): StackState {
    return structuredClone(this.current);
  }

  /** The state as the engine's checkpoint JSON (`pulumi stack export`), secrets encrypted. */
  stateJson(): string {
    return stateToJson(this.current, {
      project: this.options.project,
      stack: this.stack,
      now: (this.options.now ?? (() => new Date()))(),
      encrypt: this.options.encrypt ?? (() => `v1:${randomBytes(16).toString("base64")}`),
    });
  }

  /**
   * `pulumi up`: runs the program, creates, updates, replaces and deletes.
   * @throws EngineRunError with every failed step (check failures, provider errors, init failures); the state keeps
   *   what was done, init-failed resources included.
   */
  up(program: Program): Promise<RunResult> {
    return this.run(program, false);
  }

  /** `pulumi preview`: Check (and Diff for known resources; Read for imports); nothing is created or changed. */
  preview(program: Program): Promise<RunResult> {
    return this.run(program, true);
  }

  /** `pulumi refresh`: Read every resource; drops the gone ones; keeps the inputs unless the provider returns new ones. */
  async refresh(): Promise<readonly EngineEvent[]> {
    return this.withProvider("refresh", async (provider, events, errors) => {
      const kept: ResourceState[] = [];
      for (const r of this.current.resources) {
        const step = { op: "refresh" as const, urn: r.urn, name: r.name, id: r.id, preview: false };
        try {
          const read = await provider.read(r.id, r.urn, r.outputs, r.inputs);
          if (!read.id) {
            events.push(this.emit({ ...step, op: "gone", phase: "done" }));
            continue;
          }
          kept.push({ ...r, id: read.id, outputs: read.properties, inputs: read.inputs ?? r.inputs });
          events.push(this.emit({ ...step, phase: "done" }));
        } catch (e) {
          kept.push(r);
          errors.push(e);
          events.push(this.emit({ ...step, phase: "failed", detail: messageOf(e) }));
        }
      }
      this.current = { ...this.current, resources: kept };
    });
  }

  /**
   * `pulumi destroy`: Delete the old copies of earlier replacements, then every resource, last created first. Stops at
   * the first failure, keeping the rest.
   */
  async destroy(): Promise<readonly EngineEvent[]> {
    return this.withProvider("destroy", async (provider, events, errors) => {
      const pendingDeletes = [...(this.current.pendingDeletes ?? [])];
      const deleted = await this.deletePending({ provider, preview: false, events, errors, pendingDeletes });
      this.current = { ...this.current, pendingDeletes };
      if (!deleted) return;
      const remaining = [...this.current.resources];
      while (remaining.length > 0) {
        const r = remaining[remaining.length - 1]!;
        const ctx = { provider, preview: false, events };
        try {
          await this.deleteResource(ctx, r);
          remaining.pop();
        } catch (e) {
          errors.push(e);
          break;
        }
      }
      this.current = remaining.length === 0 ? emptyState() : { ...this.current, resources: remaining };
    });
  }

  private async withProvider(
    operation: string,
    body: (provider: ProviderProcess, events: EngineEvent[], errors: unknown[]) => Promise<void>,
  ): Promise<readonly EngineEvent[]> {
    const events: EngineEvent[] = [];
    const errors: unknown[] = [];
    const provider = await this.startProvider();
    try {
      await body(provider, events, errors);
    } finally {
      await provider.stop();
    }
    if (errors.length > 0) throw new EngineRunError(operation, errors);
    return events;
  }

  private async startProvider(): Promise<ProviderProcess> {
    const provider = await startProviderProcess({
      projectDir: this.options.projectDir,
      project: this.options.project,
      env: this.options.providerEnv,
      onLog: this.options.onLog,
    });
    try {
      await provider.configure(this.qualifiedConfig());
    } catch (e) {
      await provider.stop();
      throw e;
    }
    return provider;
  }

  private qualifiedConfig(): Record<string, ConfigValue> {
    const out: Record<string, ConfigValue> = {};
    for (const [k, v] of Object.entries(this.options.config ?? {})) {
      out[k.includes(":") ? k : `${this.options.project}:${k}`] = v;
    }
    return out;
  }

  private async run(program: Program, preview: boolean): Promise<RunResult> {
    const provider = await this.startProvider();
    const ctx: RunContext = {
      provider,
      preview,
      prior: new Map(this.current.resources.map((r) => [r.urn, r])),
      registered: new Set(),
      next: new Map(),
      removed: new Set(),
      pendingDeletes: [...(this.current.pendingDeletes ?? [])],
      events: [],
      errors: [],
    };
    try {
      const { outputs, secretOutputs } = await this.runProgram(ctx, program);
      if (ctx.errors.length === 0) await this.deleteUnregistered(ctx);
      if (!preview) this.saveState(ctx, outputs, secretOutputs);
      if (ctx.errors.length > 0) throw new EngineRunError(preview ? "preview" : "update", ctx.errors);
      return { outputs, secretOutputs, events: ctx.events, logs: provider.logs() };
    } finally {
      await provider.stop();
    }
  }

  /** Runs the program under mocks; returns its outputs in wire form (unknown sentinels), secrets unwrapped. */
  private async runProgram(ctx: RunContext, program: Program): Promise<{ outputs: PropertyMap; secretOutputs: string[] }> {
    const mocks: pulumi.runtime.Mocks = {
      newResource: (args) => this.register(ctx, args),
      call: () => ({}),
    };
    await pulumi.runtime.setMocks(mocks, this.options.project, this.stack, ctx.preview);
    this.setProgramConfig();
    let wire: Record<string, unknown> = {};
    const rejections = captureUnhandledRejections();
    try {
      const result = (await program()) ?? {};
      wire = await pulumi.runtime.serializeProperties("stack outputs", result as pulumi.Inputs);
    } catch (e) {
      // A failed registration also rejects the outputs that depend on it: those are consequences, not new errors.
      if (ctx.errors.length === 0) ctx.errors.push(e);
    } finally {
      await pulumi.runtime.disconnect();
      await rejections.restore();
    }
    if (ctx.errors.length === 0) ctx.errors.push(...rejections.errors);
    const outputs: PropertyMap = {};
    const secretOutputs: string[] = [];
    for (const [k, v] of Object.entries(wire)) {
      if (isWireSecret(v)) secretOutputs.push(k);
      const plain = toPlain(isWireSecret(v) ? v.value : v);
      if (plain !== undefined) outputs[k] = plain;
    }
    return { outputs, secretOutputs };
  }

  private setProgramConfig(): void {
    const plain: Record<string, string> = {};
    const secretKeys: string[] = [];
    for (const [k, v] of Object.entries(this.qualifiedConfig())) {
      plain[k] = typeof v === "string" ? v : v.value;
      if (typeof v !== "string" && v.secret) secretKeys.push(k);
    }
    pulumi.runtime.setAllConfig(plain, secretKeys);
  }

  private saveState(ctx: RunContext, outputs: PropertyMap, secretOutputs: string[]): void {
    const leftovers = this.current.resources.filter((r) => !ctx.next.has(r.urn) && !ctx.removed.has(r.urn));
    const ok = ctx.errors.length === 0;
    this.current = {
      resources: [...ctx.next.values(), ...leftovers],
      ...(ctx.pendingDeletes.length > 0 ? { pendingDeletes: [...ctx.pendingDeletes] } : {}),
      outputs: ok ? outputs : this.current.outputs,
      secretOutputs: ok ? secretOutputs : this.current.secretOutputs,
    };
  }

  /** The mocks' newResource: one step per dynamic resource; other resources are echoed back. */
  private async register(ctx: RunContext, args: pulumi.runtime.MockResourceArgs): Promise<pulumi.runtime.MockResourceResult> {
    if (!args.type.startsWith("pulumi-nodejs:dynamic")) {
      return { id: args.custom ? `${args.name}_id` : undefined, state: args.inputs };
    }
    const urn = `urn:pulumi:${this.stack}::${this.options.project}::${args.type}::${args.name}`;
    ctx.registered.add(urn);
    const { inputs, secretKeys } = providerInputs(args.inputs);
    const target = { urn, type: args.type, name: args.name, news: inputs, secretKeys };
    try {
      const old = ctx.prior.get(urn);
      const result = args.id && !old
        ? await this.importStep(ctx, target, args.id, isGet(args) ? inputs : undefined)
        : old
          ? await this.updateStep(ctx, target, old)
          : await this.createStep(ctx, target);
      return { id: result.id || undefined, state: sdkState(result.outputs, result.secretKeys) };
    } catch (e) {
      ctx.errors.push(e);
      throw e;
    }
  }

  private async check(ctx: RunContext, urn: string, olds: PropertyMap, news: PropertyMap): Promise<PropertyMap> {
    const checked = await ctx.provider.check(urn, olds, news);
    if (checked.failures.length > 0) throw new CheckFailedError(urn, checked.failures);
    return checked.inputs;
  }

  private async createStep(ctx: RunContext, t: Target): Promise<StepResult> {
    const inputs = await this.check(ctx, t.urn, {}, t.news);
    return this.createChecked(ctx, t, inputs, "create");
  }

  private async createChecked(ctx: RunContext, t: Target, inputs: PropertyMap, op: StepOp): Promise<StepResult> {
    const step = { op, urn: t.urn, name: t.name, preview: ctx.preview };
    if (ctx.preview) {
      ctx.events.push(this.emit({ ...step, phase: "done" }));
      return { id: "", outputs: inputs, secretKeys: t.secretKeys };
    }
    ctx.events.push(this.emit({ ...step, phase: "start" }));
    try {
      const created = await ctx.provider.create(t.urn, inputs);
      this.record(ctx, t, { id: created.id, inputs, outputs: created.properties });
      ctx.events.push(this.emit({ ...step, phase: "done", id: created.id }));
      return { id: created.id, outputs: created.properties, secretKeys: t.secretKeys };
    } catch (e) {
      this.recordInitFailure(ctx, t, inputs, e);
      ctx.events.push(this.emit({ ...step, phase: "failed", detail: messageOf(e) }));
      throw e;
    }
  }

  private async updateStep(ctx: RunContext, t: Target, old: ResourceState): Promise<StepResult> {
    const inputs = await this.check(ctx, t.urn, old.inputs, t.news);
    const diff = await ctx.provider.diff(old.id, t.urn, old.outputs, inputs, old.inputs);
    const changed =
      diff.changes === "some" ||
      (diff.changes === "unknown" && JSON.stringify(old.inputs) !== JSON.stringify(inputs)) ||
      (old.initErrors?.length ?? 0) > 0;
    if (diff.replaces.length > 0) return this.replaceStep(ctx, t, old, inputs, diff.replaces, diff.deleteBeforeReplace);
    const step = { urn: t.urn, name: t.name, id: old.id, preview: ctx.preview };
    if (!changed) {
      if (!ctx.preview) this.record(ctx, t, { id: old.id, inputs, outputs: old.outputs });
      ctx.events.push(this.emit({ ...step, op: "same", phase: "done" }));
      return { id: old.id, outputs: old.outputs, secretKeys: t.secretKeys };
    }
    if (ctx.preview) {
      ctx.events.push(this.emit({ ...step, op: "update", phase: "done" }));
      return { id: old.id, outputs: inputs, secretKeys: t.secretKeys };
    }
    ctx.events.push(this.emit({ ...step, op: "update", phase: "start" }));
    try {
      const outputs = await ctx.provider.update(old.id, t.urn, old.outputs, inputs, old.inputs);
      this.record(ctx, t, { id: old.id, inputs, outputs });
      ctx.events.push(this.emit({ ...step, op: "update", phase: "done" }));
      return { id: old.id, outputs, secretKeys: t.secretKeys };
    } catch (e) {
      this.recordInitFailure(ctx, t, inputs, e);
      ctx.events.push(this.emit({ ...step, op: "update", phase: "failed", detail: messageOf(e) }));
      throw e;
    }
  }

  private async replaceStep(
    ctx: RunContext,
    t: Target,
    old: ResourceState,
    inputs: PropertyMap,
    replaces: readonly string[],
    deleteBeforeReplace: boolean,
  ): Promise<StepResult> {
    const detail = replaces.join(",");
    if (ctx.preview) {
      ctx.events.push(this.emit({ op: "replace", phase: "done", urn: t.urn, name: t.name, id: old.id, preview: true, detail }));
      return { id: "", outputs: inputs, secretKeys: t.secretKeys };
    }
    if (deleteBeforeReplace) {
      await this.deleteResource(ctx, old);
      ctx.removed.add(old.urn);
    }
    const created = await this.createChecked(ctx, t, inputs, "replace");
    if (!deleteBeforeReplace) {
      try {
        await this.deleteResource(ctx, old);
      } catch (e) {
        // The engine keeps the old copy (`delete: true`) and deletes it at the next update or destroy.
        ctx.pendingDeletes.push(old);
        throw e;
      }
    }
    return created;
  }

  /** An import (`getProperties` undefined: the engine's Read carries nothing) or a get (its properties). */
  private async importStep(ctx: RunContext, t: Target, importId: string, getProperties: PropertyMap | undefined): Promise<StepResult> {
    const step = { op: "import" as const, urn: t.urn, name: t.name, id: importId, preview: ctx.preview };
    const read = await ctx.provider.read(importId, t.urn, getProperties ?? {}, getProperties);
    if (!read.id) throw new ImportMismatchError(t.urn, `resource '${importId}' does not exist`);
    const inputs = await this.check(ctx, t.urn, read.inputs ?? {}, t.news);
    const diff = await ctx.provider.diff(read.id, t.urn, read.properties, inputs, read.inputs);
    if (diff.changes === "some") {
      const why = diff.replaces.length ? `: ${diff.replaces.join(", ")} differ` : "";
      throw new ImportMismatchError(t.urn, `inputs to import do not match the existing resource${why}`);
    }
    if (!ctx.preview) this.record(ctx, t, { id: read.id, inputs, outputs: read.properties });
    ctx.events.push(this.emit({ ...step, id: read.id, phase: "done" }));
    return { id: read.id, outputs: read.properties, secretKeys: t.secretKeys };
  }

  private async deleteUnregistered(ctx: RunContext): Promise<void> {
    if (!(await this.deletePending(ctx))) return;
    const gone = this.current.resources.filter((r) => !ctx.registered.has(r.urn) && !ctx.removed.has(r.urn));
    for (const r of gone.reverse()) {
      if (ctx.preview) {
        ctx.events.push(this.emit({ op: "delete", phase: "done", urn: r.urn, name: r.name, id: r.id, preview: true }));
        continue;
      }
      try {
        await this.deleteResource(ctx, r);
        ctx.removed.add(r.urn);
      } catch (e) {
        ctx.errors.push(e);
        return;
      }
    }
  }

  /** Deletes the old copies left by earlier create-first replacements; false (the error recorded) when one fails. */
  private async deletePending(ctx: Pick<RunContext, "provider" | "preview" | "events" | "errors" | "pendingDeletes">): Promise<boolean> {
    if (ctx.preview) return true;
    while (ctx.pendingDeletes.length > 0) {
      try {
        await this.deleteResource(ctx, ctx.pendingDeletes[0]!);
        ctx.pendingDeletes.shift();
      } catch (e) {
        ctx.errors.push(e);
        return false;
      }
    }
    return true;
  }

  private async deleteResource(
    ctx: { provider: ProviderProcess; preview: boolean; events: EngineEvent[] },
    r: ResourceState,
  ): Promise<void> {
    const step = { op: "delete" as const, urn: r.urn, name: r.name, id: r.id, preview: ctx.preview };
    ctx.events.push(this.emit({ ...step, phase: "start" }));
    try {
      await ctx.provider.delete(r.id, r.urn, r.outputs, r.inputs);
    } catch (e) {
      ctx.events.push(this.emit({ ...step, phase: "failed", detail: messageOf(e) }));
      throw e;
    }
    ctx.events.push(this.emit({ ...step, phase: "done" }));
  }

  private record(ctx: RunContext, t: Target, s: { id: string; inputs: PropertyMap; outputs: PropertyMap }): void {
    ctx.next.set(t.urn, { urn: t.urn, type: t.type, name: t.name, secretKeys: [...t.secretKeys], ...s });
  }

  /** As the engine does for ErrorResourceInitFailed: keep the object, with its id, marked as not initialized. */
  private recordInitFailure(ctx: RunContext, t: Target, inputs: PropertyMap, e: unknown): void {
    if (!ResourceInitFailedError.isInstance(e)) return;
    const s = { id: e.id, inputs, outputs: e.properties };
    ctx.next.set(t.urn, { urn: t.urn, type: t.type, name: t.name, secretKeys: [...t.secretKeys], ...s, initErrors: [...e.reasons] });
  }

  private emit(event: EngineEvent): EngineEvent {
    this.options.onEvent?.(event);
    return event;
  }
}

interface Target {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly news: PropertyMap;
  readonly secretKeys: readonly string[];
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * True for a get (`opts.id`): the SDK's mocks hand it to newResource from ReadResource, without the `transforms` that every
 * RegisterResource (and so every `import` option) carries (runtime/mocks.js).
 */
function isGet(args: pulumi.runtime.MockResourceArgs): boolean {
  return (args as { transforms?: unknown }).transforms === undefined;
}
