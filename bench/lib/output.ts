/**
 * Command-line flags and the JSON result files of the benchmarks (bench/results/<name>.json, git-ignored).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";

/** Directory of the result files. */
export const RESULTS_DIR = join(__dirname, "..", "results");

/** One headline figure of a benchmark, gathered by run-all.mjs into summary.json. */
export interface Headline {
  readonly benchmark: string;
  readonly metric: string;
  readonly value: string;
  readonly goal: string;
  /** Whether the goal is met; undefined when the figure has no goal. */
  readonly met?: boolean;
}

/** True when `--quick` was passed: the short variant of a benchmark. */
export function isQuick(argv: readonly string[] = process.argv): boolean {
  return argv.includes("--quick");
}

/** Writes `bench/results/<name>.json` (with the date, Node version and core count) and returns its path. */
export function writeResults(name: string, figures: Record<string, unknown>, headlines: readonly Headline[]): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `${name}.json`);
  const report = { benchmark: name, date: new Date().toISOString(), node: process.version, cores: availableParallelism(), ...figures, headlines };
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
}
