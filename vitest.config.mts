import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Provider-process and emulator tests spawn children and bind ports; two cores do not gain from more.
    maxWorkers: 2,
    reporters: ["default", "json"],
    outputFile: { json: "test-results.json" },
  },
});
