// Shared set-up for the harness tests: the widget fixture loaded by Node itself (not vitest's transform, so the
// serialized provider is the file's own code) and a store file per test.
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import type * as Fixture from "./fixtures/widget.cjs";

export const fixtureDir = path.join(__dirname, "fixtures");
export const fixture: typeof Fixture = createRequire(__filename)("./fixtures/widget.cjs");

export interface WidgetStore {
  next: number;
  objects: Record<string, Record<string, unknown>>;
}

/** A fresh store file; read/write helpers to change the "cloud" behind Pulumi's back. */
export function newStore(): { file: string; read(): WidgetStore; write(s: WidgetStore): void } {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "widget-")), "store.json");
  return {
    file,
    read: () => (existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : { next: 1, objects: {} }),
    write: (s) => writeFileSync(file, JSON.stringify(s)),
  };
}
