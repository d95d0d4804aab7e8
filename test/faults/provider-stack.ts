// A stack driven straight over gRPC against ONE real dynamic-provider process, with the engine's step rules for
// flow logs (pkg/resource/deploy/step_generator.go, as src/testing/engine.ts follows them): Check then Create for a
// new resource; Check, Diff and Update for a known one (an init-failed one is always updated); Delete for one the
// program dropped. An init failure keeps the id in the state, as the engine does. The matrix uses it because starting a
// provider process costs about 2 s on two busy cores, and 30 cells x 3 `pulumi` operations would not fit the budget;
// the few whole-program scenarios (resume after timeout, restart) run under the mini engine itself.
import { createRequire } from "node:module";
import * as pulumi from "@pulumi/pulumi";
import { ResourceInitFailedError, startProviderProcess, type ConfigValue, type PropertyMap, type ProviderProcess } from "../../src/testing";
import type { StageOutcome } from "./helpers";

const TYPE = "pulumi-nodejs:dynamic/alicloud-flowlog:FlowLog";

/** One resource as the engine keeps it. */
interface Entry {
  readonly id: string;
  readonly inputs: PropertyMap;
  readonly outputs: PropertyMap;
  readonly initFailed: boolean;
}

/** The `__provider` text a FlowLog sends, serialized from the BUILT shim as `pulumi.dynamic.Resource` does. */
export async function builtShimText(): Promise<string> {
  const built = createRequire(__filename)("pulumi-alicloud-flowlog/provider") as { flowLogProviderShim: object };
  const provider = built.flowLogProviderShim;
  return (await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true })).text;
}

/** A stack of FlowLogs on one long-lived provider process. */
export class ProviderStack {
  private readonly entries = new Map<string, Entry>();

  private constructor(
    readonly provider: ProviderProcess,
    private readonly shim: string,
  ) {}

  /** Starts the provider process in `projectDir` and configures it. */
  static async start(projectDir: string, config: Readonly<Record<string, ConfigValue>>, onLog?: (text: string) => void): Promise<ProviderStack> {
    const shim = await builtShimText();
    const provider = await startProviderProcess({ projectDir, project: "faults", ...(onLog ? { onLog: (line) => onLog(line.text) } : {}) });
    await provider.configure(config);
    return new ProviderStack(provider, shim);
  }

  /** Forgets every resource (a new stack on the same provider process). */
  clear(): void {
    this.entries.clear();
  }

  /** Ids the state knows. */
  ids(): string[] {
    return [...this.entries.values()].map((e) => e.id);
  }

  /** `pulumi up` for these FlowLogs (name -> args); resources not named are deleted. */
  async up(spec: Readonly<Record<string, Record<string, unknown>>>): Promise<StageOutcome> {
    const errors: unknown[] = [];
    for (const [name, args] of Object.entries(spec)) {
      try {
        await this.step(name, { ...args, __provider: this.shim });
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length === 0) {
      for (const name of [...this.entries.keys()].filter((n) => !(n in spec))) {
        await this.remove(name).catch((error: unknown) => errors.push(error));
      }
    }
    return outcome(errors);
  }

  /** `pulumi destroy`: deletes every resource, last first; stops at the first failure. */
  async destroy(): Promise<StageOutcome> {
    for (const name of [...this.entries.keys()].reverse()) {
      try {
        await this.remove(name);
      } catch (error) {
        return outcome([error]);
      }
    }
    return outcome([]);
  }

  private async step(name: string, news: PropertyMap): Promise<void> {
    const urn = urnOf(name);
    const old = this.entries.get(name);
    const checked = await this.provider.check(urn, old?.inputs ?? {}, news);
    if (checked.failures.length > 0) throw new Error(`check failed: ${JSON.stringify(checked.failures)}`);
    const inputs = checked.inputs;
    try {
      if (old === undefined) {
        const created = await this.provider.create(urn, inputs);
        this.entries.set(name, { id: created.id, inputs, outputs: created.properties, initFailed: false });
        return;
      }
      const diff = await this.provider.diff(old.id, urn, old.outputs, inputs, old.inputs);
      if (diff.replaces.length > 0) throw new Error(`unexpected replace of ${name}: ${diff.replaces.join(", ")}`);
      if (diff.changes !== "some" && !old.initFailed) {
        this.entries.set(name, { ...old, inputs });
        return;
      }
      const outputs = await this.provider.update(old.id, urn, old.outputs, inputs, old.inputs);
      this.entries.set(name, { id: old.id, inputs, outputs, initFailed: false });
    } catch (error) {
      if (ResourceInitFailedError.isInstance(error)) {
        this.entries.set(name, { id: error.id, inputs, outputs: error.properties, initFailed: true });
      }
      throw error;
    }
  }

  private async remove(name: string): Promise<void> {
    const entry = this.entries.get(name);
    if (entry === undefined) return;
    await this.provider.delete(entry.id, urnOf(name), entry.outputs, entry.inputs);
    this.entries.delete(name);
  }

  async stop(): Promise<void> {
    await this.provider.stop();
  }
}

function urnOf(name: string): string {
  return `urn:pulumi:dev::faults::${TYPE}::${name}`;
}

function outcome(errors: readonly unknown[]): StageOutcome {
  return {
    ok: errors.length === 0,
    initFailedIds: errors.filter(ResourceInitFailedError.isInstance).map((e) => e.id),
    messages: errors.map((e) => (e instanceof Error ? e.message : String(e))),
    ...(errors.length > 0 ? { error: errors[0] } : {}),
  };
}
