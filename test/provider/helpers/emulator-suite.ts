import { afterAll, afterEach, beforeAll, beforeEach, vi } from "vitest";
import { VpcClient } from "../../../src/client";
import { startEmulator, type EmulatorSettings, type RunningEmulator } from "../../../src/emulator";
import { FlowLogProvider, type ProviderSettings } from "../../../src/provider";
import { emulatorConfig } from "./emulator-config";

/** What an emulator-backed test file works with; each getter throws outside a test. */
export interface EmulatorSuite {
  /** One emulator for the file, reset before each test. */
  readonly emulator: RunningEmulator;
  /** A fresh provider per test (no watcher or listing carried over), configured for the emulator, region cn-hangzhou. */
  readonly provider: FlowLogProvider;
  /** Another client on the same emulator and keys, not rate limited: the other tool that changes the region meanwhile. */
  readonly other: VpcClient;
  /** The provider's log lines of the current test. */
  readonly lines: string[];
}

export interface EmulatorSuiteOptions {
  /** The emulator's settings for the file (activationDelayMs, transitionDelayMs, ...). */
  readonly settings: Partial<EmulatorSettings>;
  /** Provider settings over the defaults (its log goes to `lines`). */
  readonly provider?: Partial<ProviderSettings>;
  /** Runs after the emulator's reset, before the provider is made (e.g. `emulator.updateSettings`). */
  readonly eachTest?: (emulator: RunningEmulator) => void;
}

/** Registers the hooks of an emulator-backed test file: an emulator and another client per file, a provider per test. */
export function emulatorSuite(options: EmulatorSuiteOptions): EmulatorSuite {
  let emulator: RunningEmulator | undefined;
  let provider: FlowLogProvider | undefined;
  let other: VpcClient | undefined;
  const lines: string[] = [];

  beforeAll(async () => {
    emulator = await startEmulator({ settings: options.settings });
    other = new VpcClient({ ...emulatorConfig(emulator.url), rateLimit: false });
  });
  beforeEach(async () => {
    emulator!.reset();
    lines.length = 0;
    options.eachTest?.(emulator!);
    provider = new FlowLogProvider({ log: (line) => lines.push(line), ...options.provider });
    await provider.configure(emulatorConfig(emulator!.url));
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    emulator?.clearFaults();
    await provider?.ctx.close();
  });
  afterAll(async () => {
    await other?.close();
    await emulator?.stop();
  });

  const started = <T>(value: T | undefined, name: string): T => {
    if (value === undefined) throw new Error(`emulatorSuite: no ${name} outside a test`);
    return value;
  };
  return {
    get emulator() {
      return started(emulator, "emulator");
    },
    get provider() {
      return started(provider, "provider");
    },
    get other() {
      return started(other, "other client");
    },
    lines,
  };
}
