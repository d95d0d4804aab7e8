/**
 * Errors raised by the test harness (provider process and mini engine).
 *
 * Each error has a stable `name` and `code` and a static `isInstance()` that checks a marker property instead of
 * relying on `instanceof`, so it still works when two copies of this module are loaded (vitest's transformed copy
 * from `src/` and Node's copy from `dist/`), as `@pulumi/pulumi` does in `sdk/nodejs/errors.ts`.
 */

import type { PropertyMap } from "./values";

const MARKER = Symbol.for("pulumi-alicloud-flowlog:testing-error");

/** A property check failure as the provider's Check returns it. */
export interface CheckFailure {
  /** Input property name, e.g. `trafficType`. */
  readonly property: string;
  /** Why the value was refused. */
  readonly reason: string;
}

/** Base class of every harness error. */
export abstract class HarnessError extends Error {
  abstract readonly code: string;
  /** @internal marker read by `isInstance()` */
  readonly [MARKER] = true;

  /** True when `e` is any harness error, whichever module copy made it. */
  static isHarnessError(e: unknown): e is HarnessError {
    return typeof e === "object" && e !== null && (e as Record<symbol, unknown>)[MARKER] === true;
  }
}

function hasCode(e: unknown, code: string): boolean {
  return HarnessError.isHarnessError(e) && e.code === code;
}

/**
 * The provider created the resource but could not finish initializing it: the dynamic-provider server answered
 * gRPC UNKNOWN with a `pulumirpc.ErrorResourceInitFailed` detail (`grpc-status-details-bin`). The engine keeps such a
 * resource in state with this id and these properties, marked with `reasons` as init errors.
 */
export class ResourceInitFailedError extends HarnessError {
  override readonly name = "ResourceInitFailedError";
  readonly code = "RESOURCE_INIT_FAILED";
  constructor(
    message: string,
    /** Id of the object that was created. */
    readonly id: string,
    /** Properties the provider reported for it (should include `__provider`). */
    readonly properties: PropertyMap,
    /** Why initialization failed. */
    readonly reasons: readonly string[],
  ) {
    super(message);
  }
  static isInstance(e: unknown): e is ResourceInitFailedError {
    return hasCode(e, "RESOURCE_INIT_FAILED");
  }
}

/** Any other failed provider RPC (the provider's error message, as the CLI would show it). */
export class ProviderRpcError extends HarnessError {
  override readonly name = "ProviderRpcError";
  readonly code = "PROVIDER_RPC_FAILED";
  constructor(
    /** RPC method, e.g. `Create`. */
    readonly method: string,
    /** gRPC status code (2 = UNKNOWN for errors thrown by the provider). */
    readonly grpcCode: number,
    /** The provider's error message. */
    readonly details: string,
  ) {
    super(`${method} failed: ${details}`);
  }
  static isInstance(e: unknown): e is ProviderRpcError {
    return hasCode(e, "PROVIDER_RPC_FAILED");
  }
}

/** The provider process did not start or died. */
export class ProviderProcessError extends HarnessError {
  override readonly name = "ProviderProcessError";
  readonly code = "PROVIDER_PROCESS_FAILED";
  static isInstance(e: unknown): e is ProviderProcessError {
    return hasCode(e, "PROVIDER_PROCESS_FAILED");
  }
}

/** Check refused the inputs of a resource (as `pulumi preview` reports it, before any create). */
export class CheckFailedError extends HarnessError {
  override readonly name = "CheckFailedError";
  readonly code = "CHECK_FAILED";
  constructor(
    readonly urn: string,
    readonly failures: readonly CheckFailure[],
  ) {
    super(`${urn}: invalid inputs: ${failures.map((f) => `${f.property}: ${f.reason}`).join("; ")}`);
  }
  static isInstance(e: unknown): e is CheckFailedError {
    return hasCode(e, "CHECK_FAILED");
  }
}

/** A run (up, preview, refresh, destroy) had failing steps; the state was still saved as the engine would. */
export class EngineRunError extends HarnessError {
  override readonly name = "EngineRunError";
  readonly code = "ENGINE_RUN_FAILED";
  constructor(
    readonly operation: string,
    /** Every failed step's error, in the order they happened. */
    readonly errors: readonly unknown[],
  ) {
    super(`${operation} failed: ${errors.map((e) => (e instanceof Error ? e.message : String(e))).join("; ")}`);
  }
  static isInstance(e: unknown): e is EngineRunError {
    return hasCode(e, "ENGINE_RUN_FAILED");
  }
}

/** The `import` resource option named an object that does not exist or does not match the program's inputs. */
export class ImportMismatchError extends HarnessError {
  override readonly name = "ImportMismatchError";
  readonly code = "IMPORT_MISMATCH";
  constructor(
    readonly urn: string,
    reason: string,
  ) {
    super(`${urn}: ${reason}`);
  }
  static isInstance(e: unknown): e is ImportMismatchError {
    return hasCode(e, "IMPORT_MISMATCH");
  }
}
