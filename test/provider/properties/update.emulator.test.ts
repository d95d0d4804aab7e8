/**
 * Properties of the in-place update (diff.ts + update-plan.ts + update.ts + converge.ts), driven against the
 * real emulator in-process over loopback, through the real client.
 *
 * For random pairs (a, b) of valid inputs that share every field no API can modify (api NOTES.md: ModifyFlowLogAttribute
 * changes FlowLogName, Description, AggregationInterval, IpVersion; Active/DeactiveFlowLog the status; (Un)TagResources
 * the tags; MoveResourceGroup the group): create a, then
 *  - diff(outs(a), b) replaces nothing (README: those seven fields are "in place");
 *  - when diff reports no change, the flow log already is as b asks (a diff that hides a change would leave it wrong);
 *  - otherwise update(a -> b) leaves the flow log, its outputs and a fresh read as b asks, with no diff left;
 *  - what b leaves out keeps a's value (README: "An optional argument left out is not managed").
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VpcClient } from "../../../src/client";
import { startEmulator, type RunningEmulator } from "../../../src/emulator";
import { checkFlowLogInputs, diffFlowLog, FlowLogProvider, TRAFFIC_PATHS, userTags } from "../../../src/provider";
import { emulatorConfig } from "../helpers/emulator-config";
import { freeText, tagKey, tagValue } from "./arbitraries";

let emulator: RunningEmulator;
let provider: FlowLogProvider;
/** Another tool on the same account: makes flow logs the provider then imports. */
let other: VpcClient;
let serial = 0;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, settings: { activationDelayMs: 30, transitionDelayMs: 30, userDefinedTrafficPath: true } });
  provider = new FlowLogProvider({
    log: () => undefined,
    schedule: { baseGapMs: 15, growth: 0, maxGapMs: 40 },
    describeBudget: { callsPerSecond: 200, burst: 50 },
    staleGraceMs: 1_000,
    absentGraceMs: 3_000,
    coalesceMs: 0,
    adoptWindowMs: 1_000,
  });
  await provider.configure(emulatorConfig(emulator.url));
  other = new VpcClient({ ...emulatorConfig(emulator.url), rateLimit: false });
});

afterAll(async () => {
  await provider?.ctx.close();
  await other?.close();
  await emulator?.stop();
});

type Args = Record<string, unknown>;

/** Fields an update may change, each optional (left out = not managed); status defaults to Active. */
const mutable = (customPaths: boolean) =>
  fc.record(
    {
      flowLogName: freeText(128),
      description: freeText(256),
      aggregationInterval: fc.constantFrom(1, 5, 10),
      // A DualStack flow log cannot have custom paths (UnsupportedFeature.UserDefinedTrafficPathIpv6).
      ipVersion: customPaths ? fc.constant("IPv4") : fc.constantFrom("IPv4", "DualStack"),
      status: fc.constantFrom("Active", "Inactive"),
      tags: fc.dictionary(fc.oneof(fc.constantFrom("team", "env", "owner", "cost"), tagKey), tagValue, { maxKeys: 20, noNullPrototype: true }),
      resourceGroupId: fc.constantFrom("rg-acfmdefault0001", "rg-acfmdemo0002"),
      // Long enough that no wait here can time out (a short one failing would be right, not a finding).
      timeouts: fc.record({ create: fc.constantFrom("5m", "300s"), update: fc.constantFrom("10m", "1h"), delete: fc.constantFrom("600s", "2m") }, { requiredKeys: [], noNullPrototype: true }),
    },
    { requiredKeys: [], noNullPrototype: true },
  );

/** A pair of valid args on the emulator's default world, equal in every field no API modifies. */
const pair = fc
  .record({
    kind: fc.constantFrom(["VPC", "vpc-demo"], ["VSwitch", "vsw-demo"], ["NetworkInterface", "eni-demo"]),
    trafficType: fc.constantFrom("All", "Allow", "Drop"),
    sls: fc.constantFrom(["flowlog-project", "flowlog-store"], ["demo-project", "demo-logstore"]),
    trafficPaths: fc.option(fc.oneof(fc.constant(["all"]), fc.shuffledSubarray([...TRAFFIC_PATHS].filter((p) => p !== "all"), { minLength: 1, maxLength: 3 })), { nil: undefined }),
  })
  .chain((fixed) => {
    const custom = fixed.trafficPaths !== undefined && fixed.trafficPaths.some((p) => p !== "all");
    return fc.tuple(fc.constant(fixed), mutable(custom), mutable(custom));
  })
  .map(([fixed, a, b]) => {
    const base: Args = {
      resourceType: fixed.kind[0],
      trafficType: fixed.trafficType,
      projectName: fixed.sls[0],
      logStoreName: fixed.sls[1],
      ...(fixed.trafficPaths === undefined ? {} : { trafficPaths: fixed.trafficPaths }),
    };
    return { prefix: fixed.kind[1]!, a: { ...base, ...a } as Args, b: { ...base, ...b } as Args };
  });

function checked(args: Args): Args {
  const { inputs, failures } = checkFlowLogInputs(args, { regionId: "cn-hangzhou" });
  expect(failures).toEqual([]);
  return { ...(inputs as unknown as Args), __provider: "shim-text" };
}

/** The flow log as the emulator holds it, in FlowLogArgs' terms. */
function cloudView(id: string): Args {
  const f = emulator.flowLogs().find((x) => x.flowLogId === id);
  expect(f).toBeDefined();
  return {
    flowLogName: f!.flowLogName,
    description: f!.description,
    aggregationInterval: f!.aggregationInterval,
    ipVersion: f!.ipVersion === "" ? "IPv4" : f!.ipVersion,
    status: f!.status,
    tags: userTags(Object.fromEntries(f!.tags.map((t) => [t.Key, t.Value]))),
    resourceGroupId: f!.resourceGroupId,
    trafficPaths: [...f!.trafficPath].sort(),
  };
}

/** Outputs in the same terms as {@link cloudView}. */
function outputsView(outs: Args): Args {
  return {
    flowLogName: outs.flowLogName,
    description: outs.description,
    aggregationInterval: outs.aggregationInterval,
    ipVersion: outs.ipVersion === "" ? "IPv4" : outs.ipVersion,
    status: outs.status,
    tags: outs.tags,
    resourceGroupId: outs.resourceGroupId,
    trafficPaths: [...(outs.trafficPaths as string[])].sort(),
  };
}

/** What `wanted` asks of the flow log, field by field, where it asks anything; `fallback` for what it leaves out. */
function expectMatches(view: Args, wanted: Args, fallback: Args): void {
  for (const field of ["flowLogName", "description", "aggregationInterval", "ipVersion", "status", "resourceGroupId"]) {
    const value = wanted[field] ?? fallback[field];
    if (value !== undefined) expect({ field, value: view[field] }).toEqual({ field, value });
  }
  const tags = wanted.tags ?? fallback.tags;
  if (tags !== undefined) expect(view.tags).toEqual(tags);
}

describe("update against the emulator", () => {
  it(
    "for random pairs (a, b) differing only in fields an API modifies: no replace; after update the flow log, its outputs and a read are b",
    async () => {
      await fc.assert(
        fc.asyncProperty(pair, async ({ prefix, a, b }) => {
          serial += 1;
          const resourceId = `${prefix}${String(serial).padStart(4, "0")}`;
          const aInputs = checked({ ...a, resourceId });
          const bInputs = checked({ ...b, resourceId });
          const created = await provider.create(aInputs);
          const id = created.id;
          try {
            expectMatches(cloudView(id), a, {});
            const diff = diffFlowLog(created.outs, bInputs);
            expect(diff.replaces).toEqual([]);
            // b leaves out what it does not manage: those keep a's values.
            const unmanaged: Args = {};
            for (const field of ["flowLogName", "description", "aggregationInterval", "ipVersion", "resourceGroupId", "tags"]) {
              if (b[field] === undefined) unmanaged[field] = cloudView(id)[field];
            }
            if (!diff.changes) {
              // Nothing to do, so the flow log must already be as b asks.
              expectMatches(cloudView(id), b, unmanaged);
              return;
            }
            const callsBefore = emulator.stats().total;
            const { outs } = await provider.update(id, created.outs, bInputs);
            // README: "`timeouts` alone is an update that calls no API".
            if (diff.updates.length === 1 && diff.updates[0] === "timeouts") expect(emulator.stats().total).toBe(callsBefore);
            expectMatches(cloudView(id), b, unmanaged);
            expect(outputsView(outs)).toEqual(cloudView(id));
            expect(diffFlowLog(outs, bInputs)).toEqual({ changes: false, replaces: [], updates: [], deleteBeforeReplace: false });
            const read = await provider.read(id, outs);
            expect(outputsView(read.props!)).toEqual(cloudView(id));
            expect(diffFlowLog(read.props!, bInputs).changes).toBe(false);
            expect(diffFlowLog(read.props!, read.inputs!).changes).toBe(false);
          } finally {
            await provider.delete(id, created.outs);
          }
        }),
        { numRuns: Number(process.env.PROPERTY_RUNS ?? 12), endOnFailure: true },
      );
    },
    600_000,
  );
});

describe("updates at once (one watcher serves every wait of the region)", () => {
  it("several random (a, b) pairs created and updated concurrently each end as their own b", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(pair, { minLength: 2, maxLength: 5 }), async (pairs) => {
        await Promise.all(
          pairs.map(async ({ prefix, a, b }) => {
            serial += 1;
            const resourceId = `${prefix}${String(serial).padStart(4, "0")}`;
            const created = await provider.create(checked({ ...a, resourceId }));
            try {
              const bInputs = checked({ ...b, resourceId });
              const unmanaged: Args = {};
              for (const field of ["flowLogName", "description", "aggregationInterval", "ipVersion", "resourceGroupId", "tags"]) {
                if (b[field] === undefined) unmanaged[field] = cloudView(created.id)[field];
              }
              const diff = diffFlowLog(created.outs, bInputs);
              if (diff.changes) {
                const { outs } = await provider.update(created.id, created.outs, bInputs);
                expect(outputsView(outs)).toEqual(cloudView(created.id));
              }
              expectMatches(cloudView(created.id), b, unmanaged);
            } finally {
              await provider.delete(created.id, created.outs);
            }
          }),
        );
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 4), endOnFailure: true },
    );
  }, 600_000);
});

describe("timeouts alone", () => {
  it("a change of timeouts only is an update that calls no API and records the new timeouts (README)", async () => {
    await fc.assert(
      fc.asyncProperty(pair, fc.constantFrom("7m", "420s", "1h", "90s"), async ({ prefix, a }, longer) => {
        serial += 1;
        const resourceId = `${prefix}${String(serial).padStart(4, "0")}`;
        const aInputs = checked({ ...a, resourceId });
        const created = await provider.create(aInputs);
        try {
          const bInputs = checked({ ...a, resourceId, timeouts: { delete: longer, update: longer } });
          const diff = diffFlowLog(created.outs, bInputs);
          expect(diff.replaces).toEqual([]);
          expect(diff.updates).toEqual(["timeouts"]);
          const callsBefore = emulator.stats().total;
          const { outs } = await provider.update(created.id, created.outs, bInputs);
          expect(emulator.stats().total).toBe(callsBefore);
          expect(outs.timeouts).toEqual(bInputs.timeouts);
          expect(diffFlowLog(outs, bInputs).changes).toBe(false);
        } finally {
          await provider.delete(created.id, created.outs);
        }
      }),
      { numRuns: 5 },
    );
  }, 60_000);
});

/** Until the emulator holds the flow log in `status` (short delays: a few ms). */
async function until(id: string, status: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (emulator.flowLogs().find((f) => f.flowLogId === id)?.status === status) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`${id} never reached ${status}`);
}

describe("import and drift against the emulator", () => {
  // README "Adopt an existing flow log": the import fails "unless args describe the flow log as it is"; so args that do
  // describe it (the very arguments it was made with) must import with no diff, and an update from there must reach b.
  it(
    "a flow log another tool made with a's arguments reads back with no diff against a; update from the read reaches b",
    async () => {
      await fc.assert(
        fc.asyncProperty(pair, async ({ prefix, a, b }) => {
          serial += 1;
          const resourceId = `${prefix}${String(serial).padStart(4, "0")}`;
          const tags = Object.entries((a.tags ?? {}) as Record<string, string>).map(([key, value]) => ({ key, value }));
          const made = await other.createFlowLog({
            regionId: "cn-hangzhou",
            resourceType: a.resourceType as "VPC",
            resourceId,
            trafficType: a.trafficType as "All",
            projectName: a.projectName as string,
            logStoreName: a.logStoreName as string,
            ...(a.flowLogName === undefined ? {} : { flowLogName: a.flowLogName as string }),
            ...(a.description === undefined ? {} : { description: a.description as string }),
            ...(a.aggregationInterval === undefined ? {} : { aggregationInterval: a.aggregationInterval as number }),
            ...(a.trafficPaths === undefined ? {} : { trafficPath: a.trafficPaths as string[] }),
            ...(a.resourceGroupId === undefined ? {} : { resourceGroupId: a.resourceGroupId as string }),
            ...(tags.length === 0 ? {} : { tag: tags }),
            ...(a.ipVersion === undefined ? {} : { ipVersion: a.ipVersion as "IPv4" }),
          });
          const id = String(made.FlowLogId);
          await until(id, "Active");
          if (a.status === "Inactive") {
            await other.deactiveFlowLog({ regionId: "cn-hangzhou", flowLogId: id });
            await until(id, "Inactive");
          }
          try {
            const aInputs = checked({ ...a, resourceId });
            const read = await provider.read(id, aInputs);
            expect(read.id).toBe(id);
            expect(diffFlowLog(read.props!, aInputs)).toEqual({ changes: false, replaces: [], updates: [], deleteBeforeReplace: false });
            expect(checkFlowLogInputs(read.inputs!, {}).failures).toEqual([]);
            const bInputs = checked({ ...b, resourceId });
            const unmanaged: Args = {};
            for (const field of ["flowLogName", "description", "aggregationInterval", "ipVersion", "resourceGroupId", "tags"]) {
              if (b[field] === undefined) unmanaged[field] = cloudView(id)[field];
            }
            const diff = diffFlowLog(read.props!, bInputs);
            expect(diff.replaces).toEqual([]);
            if (diff.changes) await provider.update(id, read.props!, bInputs);
            expectMatches(cloudView(id), b, unmanaged);
          } finally {
            await provider.delete(id, { regionId: "cn-hangzhou" });
          }
        }),
        { numRuns: Number(process.env.PROPERTY_RUNS ?? 8), endOnFailure: true },
      );
    },
    600_000,
  );
});
