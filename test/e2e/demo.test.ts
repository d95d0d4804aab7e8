// `npm run demo`'s entry (node dist/demo/main.js, built by `npm test`) on a clean environment: exits 0, prints the
// outputs and shows the flow log gone.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.join(__dirname, "../..");

describe("npm run demo", () => {
  it("creates the flow log on the embedded emulator, prints the outputs, deletes it and exits 0", () => {
    const env: NodeJS.ProcessEnv = { ...process.env, FLOWLOG_DEMO_ACTIVATION_MS: "500" };
    // "Nothing configured": no endpoint, no credentials from the developer's environment.
    for (const key of Object.keys(env)) if (key.startsWith("ALIBABA_CLOUD_") || key.startsWith("ALICLOUD_")) delete env[key];
    const run = spawnSync(process.execPath, [path.join(root, "dist/demo/main.js")], { cwd: root, env, encoding: "utf8", timeout: 25_000 });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const id = /flowLogId:\s+(fl-\S+)/.exec(run.stdout)?.[1];
    expect(id).toBeDefined();
    expect(run.stdout).toMatch(/resourceGroupId:\s+rg-\S+/);
    expect(run.stdout).toContain(`+ web: created ${id}, Active after`);
    expect(run.stdout).toContain(`Activating`);
    expect(run.stdout).toContain(`- web: deleted ${id}`);
    expect(run.stdout).toContain(`no flow logs -> ${id} is gone`);
    expect(run.stdout).not.toContain("emulator-access-key-secret");
  });
});
