/**
 * The mini engine's stack state, and its JSON form laid out like `pulumi stack export` (deployment version 3):
 * `{ version: 3, deployment: { manifest, secrets_providers, resources: [{ urn, custom, id, type, inputs, outputs,
 * initErrors? }] } }`, with the stack resource first and secret values replaced by the engine's ciphertext envelope
 * `{ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", "ciphertext": "..." }`.
 * Tests search this JSON for credentials that must never be stored.
 */
import { SECRET_SIG, SIG_KEY, clone, type PropertyMap, type PropertyValue } from "./values";

/** One custom resource as the engine keeps it between runs. */
export interface ResourceState {
  readonly urn: string;
  /** Type token, e.g. `pulumi-nodejs:dynamic/alicloud-flowlog:FlowLog`. */
  readonly type: string;
  readonly name: string;
  /** Provider id (e.g. the flow log id). */
  readonly id: string;
  /** Checked inputs, `__provider` included, secrets in plain (they are encrypted only when written out). */
  readonly inputs: PropertyMap;
  /** Outputs, `__provider` included. */
  readonly outputs: PropertyMap;
  /** Top-level property names that are secret, in inputs and in outputs (the engine marks outputs of the same name). */
  readonly secretKeys: readonly string[];
  /** Set when the last create or update ended in an init failure (the next `up` updates the resource). */
  readonly initErrors?: readonly string[];
}

/** The whole stack: resources in creation order (destroy runs backwards) and the last stack outputs. */
export interface StackState {
  readonly resources: readonly ResourceState[];
  /**
   * Old copies of resources replaced create-first whose delete failed, kept as the engine keeps them (`delete: true`)
   * and deleted by the next update or destroy, so they never become orphans.
   */
  readonly pendingDeletes?: readonly ResourceState[];
  readonly outputs: PropertyMap;
  readonly secretOutputs: readonly string[];
}

/** An empty stack. */
export function emptyState(): StackState {
  return { resources: [], outputs: {}, secretOutputs: [] };
}

/** Options of {@link stateToJson}. */
export interface StateJsonOptions {
  readonly project: string;
  readonly stack: string;
  /** Time written in the manifest. */
  readonly now: Date;
  /** Turns a secret's JSON text into ciphertext; the default keeps nothing of the plaintext. */
  readonly encrypt: (plaintext: string) => string;
}

/** Writes the state as the engine's checkpoint JSON (2-space indented). */
export function stateToJson(state: StackState, options: StateJsonOptions): string {
  const seal = (map: PropertyMap, secretKeys: readonly string[]): PropertyMap => {
    const out = clone(map);
    for (const key of secretKeys) {
      if (key in out) out[key] = { [SIG_KEY]: SECRET_SIG, ciphertext: options.encrypt(JSON.stringify(out[key])) };
    }
    return out;
  };
  const stackUrn = `urn:pulumi:${options.stack}::${options.project}::pulumi:pulumi:Stack::${options.project}-${options.stack}`;
  const resources: Record<string, PropertyValue>[] = [
    { urn: stackUrn, custom: false, type: "pulumi:pulumi:Stack", outputs: seal(state.outputs, state.secretOutputs) },
  ];
  const pending = new Set(state.pendingDeletes ?? []);
  for (const r of [...(state.pendingDeletes ?? []), ...state.resources]) {
    const entry: Record<string, PropertyValue> = {
      urn: r.urn,
      custom: true,
      id: r.id,
      type: r.type,
      inputs: seal(r.inputs, r.secretKeys),
      outputs: seal(r.outputs, r.secretKeys),
      parent: stackUrn,
    };
    if (r.initErrors?.length) entry.initErrors = [...r.initErrors];
    if (pending.has(r)) entry.delete = true;
    resources.push(entry);
  }
  const deployment = {
    manifest: { time: options.now.toISOString(), magic: "", version: "mini-engine" },
    secrets_providers: { type: "passphrase" },
    resources,
  };
  return JSON.stringify({ version: 3, deployment }, null, 2);
}
