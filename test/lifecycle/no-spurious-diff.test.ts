// After a create, an update or a refresh, the unchanged program diffs "none" through the real dynamic-provider process
// against the emulator (diff.ts compares the program's inputs with stored outputs): with every optional argument, at
// their limits, with explicit defaults, and after each in-place update.
import { describe, expect, it } from "vitest";
import { args, useLab, type Entry, type Lab } from "./lab";

let lab: Lab;
useLab(
  (started) => {
    lab = started;
  },
  { activationDelayMs: 100, transitionDelayMs: 100, userDefinedTrafficPath: true },
);

const NONE = { changes: "none", replaces: [], deleteBeforeReplace: false };

const VARIANTS: ReadonlyArray<readonly [string, Record<string, unknown>]> = [
  ["minimal", args("vpc-demo0301")],
  [
    "every optional argument",
    args("vpc-demo0302", {
      flowLogName: "😀".repeat(64),
      description: "d".repeat(256),
      aggregationInterval: 1,
      trafficPaths: ["vpnGateway", "natGateway"],
      resourceGroupId: "rg-acfmdemo0002",
      tags: { empty: "", ["k".repeat(128)]: "v".repeat(128), " ": "space key" },
      ipVersion: "IPv4",
      status: "Inactive",
      regionId: "cn-shanghai",
      timeouts: { create: "90s", delete: "1h30m" },
    }),
  ],
  ["aggregationInterval as a string", args("vpc-demo0303", { aggregationInterval: "5" })],
  ["DualStack with trafficPaths ['all']", args("vpc-demo0304", { ipVersion: "DualStack", trafficPaths: ["all"] })],
  ["trafficPaths ['all', 'natGateway']", args("vpc-demo0305", { trafficPaths: ["all", "natGateway"] })],
  ["trafficPaths []", args("vpc-demo0306", { trafficPaths: [] })],
  ["VSwitch", { ...args("vsw-demo0307"), resourceType: "VSwitch" }],
  ["NetworkInterface, Drop", { ...args("eni-demo0308"), resourceType: "NetworkInterface", trafficType: "Drop" }],
  ["explicit defaults", args("vpc-demo0309", { aggregationInterval: 10, ipVersion: "IPv4", status: "Active", resourceGroupId: "rg-acfmdefault0001", tags: {} })],
];

describe("no spurious diff", () => {
  it.each(VARIANTS)("after create, after refresh: %s", async (_label, a) => {
    const created = await lab.create("sp", a);
    try {
      expect((await lab.diff(created, a)).diff).toEqual(NONE);
      const refreshed = (await lab.refresh(created)) as Entry;
      expect((await lab.diff(refreshed, a)).diff).toEqual(NONE);
    } finally {
      await lab.delete(created);
    }
  });

  it("after each in-place update, the program that asked for it diffs clean", async () => {
    let a = args("vpc-demo0310", { flowLogName: "upd" });
    let entry = await lab.create("upd", a);
    try {
      const steps: Record<string, unknown>[] = [
        { tags: { a: "1", b: "" } },
        { status: "Inactive" },
        { aggregationInterval: 5, description: "x" },
        { ipVersion: "DualStack" },
        { status: "Active", resourceGroupId: "rg-acfmdemo0002" },
        { tags: {} },
        { timeouts: { update: "2m" } },
        { flowLogName: "upd2", aggregationInterval: 1, ipVersion: "IPv4", status: "Inactive" },
      ];
      for (const step of steps) {
        a = { ...a, ...step };
        const up = await lab.up(entry, a);
        expect(up.op, JSON.stringify(step)).toBe("update");
        entry = up.entry;
        expect((await lab.diff(entry, a)).diff, JSON.stringify(step)).toEqual(NONE);
        entry = (await lab.refresh(entry)) as Entry;
        expect((await lab.diff(entry, a)).diff, `after refresh: ${JSON.stringify(step)}`).toEqual(NONE);
      }
    } finally {
      await lab.delete(entry);
    }
  }, 60_000);
});
