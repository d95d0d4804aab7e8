/**
 * Every provider method against the real emulator over HTTP, through the real client
 * (activation 200 ms, transitions 100 ms), calling the provider object directly.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { VpcClient } from "../../src/client";
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, startEmulator, type RunningEmulator } from "../../src/emulator";
import {
  FlowLogConflictError,
  FlowLogInitError,
  FlowLogProvider,
  FlowLogServiceNotOpenError,
  flowLogProvider,
  UNKNOWN,
} from "../../src/provider";
import { emulatorConfig as configFor, vpcFlowLogArgs } from "./helpers/emulator-config";

let emulator: RunningEmulator;
let provider: FlowLogProvider;
let direct: VpcClient;
const lines: string[] = [];

/** What the program would send: args plus the serialized shim (any string stands for it here). */
function args(resourceId: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return vpcFlowLogArgs(resourceId, { __provider: "shim-text", ...extra });
}

async function checked(p: FlowLogProvider, news: Record<string, unknown>) {
  const result = await p.check({}, news);
  expect(result.failures).toEqual([]);
  return result.inputs as Record<string, unknown>;
}

function inCloud(resourceId?: string) {
  return emulator.flowLogs().filter((f) => resourceId === undefined || f.resourceId === resourceId);
}

beforeAll(async () => {
  emulator = await startEmulator({ settings: { activationDelayMs: 200, transitionDelayMs: 100 } });
  provider = new FlowLogProvider({ log: (line) => lines.push(line), adoptWindowMs: 1_500, staleGraceMs: 1_000, absentGraceMs: 5_000 });
  await provider.configure(configFor(emulator.url));
  await flowLogProvider.configure(configFor(emulator.url));
  direct = new VpcClient({ ...configFor(emulator.url) });
});

afterAll(async () => {
  await provider.ctx.close();
  await flowLogProvider.ctx.close();
  await direct.close();
  await emulator.stop();
});

beforeEach(() => {
  emulator.reset();
  lines.length = 0;
});

describe("create", () => {
  it("creates, waits until Active, prints progress and returns plain-JSON outputs", async () => {
    emulator.updateSettings({ activationDelayMs: 800 });
    const inputs = await checked(provider, args("vpc-demo0001", { flowLogName: "web 流日志 *~", tags: { team: "net" } }));
    expect(inputs.regionId).toBe("cn-hangzhou");
    const { id, outs } = await provider.create(inputs);
    expect(id).toMatch(/^fl-/);
    expect(outs).toMatchObject({ flowLogId: id, status: "Active", flowLogName: "web 流日志 *~", tags: { team: "net" }, regionId: "cn-hangzhou" });
    expect(outs.resourceGroupId).toBe("rg-acfmdefault0001");
    expect(JSON.parse(JSON.stringify(outs))).toEqual(outs);
    expect(inCloud()).toHaveLength(1);
    expect(inCloud()[0]!.status).toBe("Active");
    expect(lines.some((l) => /Activating after \d+\.\d s/.test(l))).toBe(true);
    expect(lines.some((l) => new RegExp(`${id}: Active after \\d+\\.\\d s`).test(l))).toBe(true);
  });

  it("works through the exported flowLogProvider singleton too", async () => {
    const { id, outs } = await flowLogProvider.create(await checked(flowLogProvider, args("vpc-demo0002")));
    expect(outs.status).toBe("Active");
    await flowLogProvider.delete(id, outs);
    expect(inCloud()).toHaveLength(0);
  });

  it("creates a flow log that ends Inactive when asked", async () => {
    const { outs } = await provider.create(await checked(provider, args("vpc-demo0003", { status: "Inactive" })));
    expect(outs.status).toBe("Inactive");
    expect(inCloud()[0]!.status).toBe("Inactive");
  });

  it("keeps waiting through 503s and throttling while polling", async () => {
    emulator.updateSettings({ activationDelayMs: 600 });
    emulator.addFault({ kind: "unavailable", action: "DescribeFlowLogs", every: 2, times: 4 });
    emulator.addFault({ kind: "throttle", action: "DescribeFlowLogs", every: 3, times: 2 });
    const { outs } = await provider.create(await checked(provider, args("vpc-demo0021")));
    expect(outs.status).toBe("Active");
    expect(inCloud()).toHaveLength(1);
  });

  it("waits through a flow log hidden from DescribeFlowLogs for a while after create", async () => {
    emulator.updateSettings({ hideNewForMs: 700 });
    const { outs } = await provider.create(await checked(provider, args("vpc-demo0004")));
    expect(outs.status).toBe("Active");
    expect(lines.some((l) => /not visible yet/.test(l))).toBe(true);
  });

  it("adopts the flow log of an ambiguous create (reset after commit): exactly one exists afterwards", async () => {
    emulator.addFault({ kind: "reset-after", action: "CreateFlowLog", times: 1 });
    const { id, outs } = await provider.create(await checked(provider, args("vpc-demo0005")));
    expect(outs.status).toBe("Active");
    expect(inCloud("vpc-demo0005").map((f) => f.flowLogId)).toEqual([id]);
    expect(emulator.stats().byAction.CreateFlowLog).toBe(1);
    expect(lines.some((l) => /adopted/.test(l))).toBe(true);
  });

  it("adopts the ambiguous create's flow log even when it shows up late, and never one that existed before", async () => {
    emulator.updateSettings({ maxFlowLogsPerResource: 5 });
    const before = await provider.create(await checked(provider, args("vpc-demo0006")));
    emulator.updateSettings({ hideNewForMs: 600 });
    emulator.addFault({ kind: "reset-after", action: "CreateFlowLog", times: 1 });
    const { id } = await provider.create(await checked(provider, args("vpc-demo0006")));
    expect(id).not.toBe(before.id);
    expect(inCloud("vpc-demo0006")).toHaveLength(2);
  });

  it("creates again when a lost create never reached the service", async () => {
    emulator.addFault({ kind: "reset-before", action: "CreateFlowLog", times: 1 });
    const { id } = await provider.create(await checked(provider, args("vpc-demo0007")));
    expect(inCloud("vpc-demo0007").map((f) => f.flowLogId)).toEqual([id]);
  });

  it("names the existing flow log and how to adopt it when the resource already has one", async () => {
    const first = await provider.create(await checked(provider, args("vpc-demo0008")));
    const error = await provider.create(await checked(provider, args("vpc-demo0008"))).catch((e: unknown) => e);
    expect(FlowLogConflictError.isInstance(error)).toBe(true);
    const message = (error as Error).message;
    expect(message).toContain(first.id);
    expect(message).toContain(`import: "${first.id}"`);
    expect(message).toContain("InvalidResourceId.NotFound");
    expect(inCloud("vpc-demo0008")).toHaveLength(1);
  });

  it("says the flow-log service is not open in the region and how to open it", async () => {
    emulator.updateSettings({ serviceOpen: { "cn-hangzhou": false } });
    const error = await provider.create(await checked(provider, args("vpc-demo0009"))).catch((e: unknown) => e);
    expect(FlowLogServiceNotOpenError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/not open in region cn-hangzhou/);
    expect((error as Error).message).toMatch(/OpenFlowLogService/);
    expect(emulator.stats().byAction.GetFlowLogServiceStatus).toBe(1);
    expect(inCloud()).toHaveLength(0);
  });

  it("reports a flow log stuck in Activating past the create timeout as an init failure carrying id and __provider; update resumes it", async () => {
    emulator.updateSettings({ stuckActivating: true });
    const inputs = await checked(provider, args("vpc-demo0010", { timeouts: { create: "1s" } }));
    const error = await provider.create(inputs).catch((e: unknown) => e);
    expect(FlowLogInitError.isInstance(error)).toBe(true);
    const failure = error as FlowLogInitError;
    expect(failure.id).toMatch(/^fl-/);
    expect(failure.properties).toMatchObject({ flowLogId: failure.id, status: "Activating", __provider: "shim-text" });
    expect(failure.reasons[0]).toMatch(/did not become Active within 1s/);
    expect(JSON.parse(JSON.stringify(failure.properties))).toEqual(failure.properties);
    expect(inCloud().map((f) => f.flowLogId)).toEqual([failure.id]);

    // The next `pulumi up`: diff sees Activating vs Active, update waits for it.
    expect(await provider.diff(failure.id, failure.properties, inputs)).toMatchObject({ changes: true, replaces: [] });
    emulator.updateSettings({ stuckActivating: false });
    const { outs } = await provider.update(failure.id, failure.properties, inputs);
    expect(outs.status).toBe("Active");
  });
});

describe("read", () => {
  it("shows drift made outside Pulumi, which the next diff reports", async () => {
    const inputs = await checked(provider, args("vpc-demo0011", { flowLogName: "web", aggregationInterval: 10 }));
    const { id, outs } = await provider.create(inputs);
    await direct.modifyFlowLogAttribute({ regionId: "cn-hangzhou", flowLogId: id, flowLogName: "renamed", aggregationInterval: 1 });
    const read = await provider.read(id, outs);
    expect(read.props).toMatchObject({ flowLogName: "renamed", aggregationInterval: 1 });
    const diff = await provider.diff(id, read.props!, inputs);
    expect(diff).toMatchObject({ changes: true, replaces: [] });
  });

  it("answers id '' for a flow log that is gone", async () => {
    expect(await provider.read("fl-doesnotexist", { regionId: "cn-hangzhou" })).toEqual({ id: "" });
  });

  it("read with a program's properties (a get): props and inputs from the cloud, no diff against matching program args", async () => {
    const created = await provider.create(await checked(provider, args("vpc-demo0012", { description: "imported", tags: { a: "1" } })));
    const program = await checked(provider, args("vpc-demo0012", { description: "imported", tags: { a: "1" } }));
    const read = await provider.read(created.id, program);
    expect(read.id).toBe(created.id);
    expect(read.inputs).toMatchObject({ resourceId: "vpc-demo0012", description: "imported", tags: { a: "1" }, status: "Active" });
    expect(await provider.diff(created.id, read.props!, program)).toMatchObject({ changes: false });
  });
});

describe("update", () => {
  it("changes attributes, tags, resource group and status in place", async () => {
    const inputs = await checked(provider, args("vpc-demo0013", { flowLogName: "a", tags: { keep: "1", drop: "2" } }));
    const { id, outs } = await provider.create(inputs);

    const news = await checked(
      provider,
      args("vpc-demo0013", {
        flowLogName: "b",
        description: "changed",
        aggregationInterval: 5,
        ipVersion: "IPv4",
        tags: { keep: "1", added: "3" },
        resourceGroupId: "rg-acfmdemo0002",
        status: "Inactive",
      }),
    );
    const diff = await provider.diff(id, outs, news);
    expect(diff).toMatchObject({ changes: true, replaces: [] });
    const updated = await provider.update(id, outs, news);
    expect(updated.outs).toMatchObject({
      flowLogId: id,
      flowLogName: "b",
      description: "changed",
      aggregationInterval: 5,
      tags: { keep: "1", added: "3" },
      resourceGroupId: "rg-acfmdemo0002",
      status: "Inactive",
    });
    const cloud = inCloud()[0]!;
    expect(cloud.status).toBe("Inactive");
    expect(cloud.tags.map((t) => t.Key).sort()).toEqual(expect.arrayContaining(["added", "keep"]));
    expect(cloud.tags.map((t) => t.Key)).not.toContain("drop");

    const again = await checked(provider, args("vpc-demo0013", { flowLogName: "b", status: "Active" }));
    const reactivated = await provider.update(id, updated.outs, again);
    expect(reactivated.outs.status).toBe("Active");
    expect(inCloud()[0]!.status).toBe("Active");
  });

  it("reports an update that times out as an init failure carrying the id, last known properties and __provider", async () => {
    const { id, outs } = await provider.create(await checked(provider, args("vpc-demo0020", { status: "Inactive" })));
    emulator.updateSettings({ stuckActivating: true });
    const news = await checked(provider, args("vpc-demo0020", { status: "Active", timeouts: { update: "1s" } }));
    const error = await provider.update(id, outs, news).catch((e: unknown) => e);
    expect(FlowLogInitError.isInstance(error)).toBe(true);
    expect((error as FlowLogInitError).id).toBe(id);
    expect((error as FlowLogInitError).properties).toMatchObject({ flowLogId: id, status: "Activating", __provider: "shim-text" });
    expect(inCloud()).toHaveLength(1);
  });

  it("retries an operation refused mid-transition once the flow log settles", async () => {
    const inputs = await checked(provider, args("vpc-demo0014"));
    const { id, outs } = await provider.create(inputs);
    await direct.deactiveFlowLog({ regionId: "cn-hangzhou", flowLogId: id }); // now Deactivating for 100 ms
    const news = await checked(provider, args("vpc-demo0014", { flowLogName: "while-busy" }));
    const { outs: after } = await provider.update(id, outs, news);
    expect(after).toMatchObject({ flowLogName: "while-busy", status: "Active" });
  });
});

describe("replace and delete", () => {
  it("replaces with delete-before-replace on the same resource, leaving exactly one flow log", async () => {
    const old = await provider.create(await checked(provider, args("vpc-demo0015")));
    const news = await checked(provider, args("vpc-demo0015", { trafficType: "Drop" }));
    const diff = await provider.diff(old.id, old.outs, news);
    expect(diff).toEqual({ changes: true, replaces: ["trafficType"], deleteBeforeReplace: true });
    // What the engine does for deleteBeforeReplace: delete, then create.
    await provider.delete(old.id, old.outs);
    const replacement = await provider.create(news);
    expect(inCloud("vpc-demo0015").map((f) => [f.flowLogId, f.trafficType])).toEqual([[replacement.id, "Drop"]]);
  });

  it("is idempotent: gone, already Deleting, and twice in a row all succeed once it is really gone", async () => {
    const { id, outs } = await provider.create(await checked(provider, args("vpc-demo0016")));
    await direct.deleteFlowLog({ regionId: "cn-hangzhou", flowLogId: id }); // Deleting already
    await provider.delete(id, outs);
    expect(inCloud()).toHaveLength(0);
    await provider.delete(id, outs);
    await provider.delete("fl-neverexisted", { regionId: "cn-hangzhou" });
  });

  it("sends DeleteFlowLog without looking first (one watcher round less per delete)", async () => {
    const { id, outs } = await provider.create(await checked(provider, args("vpc-demo0018")));
    const describesBefore = emulator.stats().byAction.DescribeFlowLogs ?? 0;
    const deletesBefore = emulator.stats().byAction.DeleteFlowLog ?? 0;
    let describesAtDelete: number | undefined;
    const poll = setInterval(() => {
      if (describesAtDelete === undefined && (emulator.stats().byAction.DeleteFlowLog ?? 0) > deletesBefore) {
        describesAtDelete = emulator.stats().byAction.DescribeFlowLogs ?? 0;
      }
    }, 1);
    try {
      await provider.delete(id, outs);
    } finally {
      clearInterval(poll);
    }
    expect(inCloud()).toHaveLength(0);
    expect(describesAtDelete).toBe(describesBefore);
  });

  it("a delete that times out says what to do next: run it again; a raised timeouts.delete counts once an up recorded it", async () => {
    const { id, outs } = await provider.create(await checked(provider, args("vpc-demo0018", { timeouts: { delete: "1s" } })));
    emulator.updateSettings({ transitionDelayMs: 3_000 });
    const error = await provider.delete(id, outs).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/did not become deleted within 1s/);
    expect((error as Error).message).toMatch(/a raised timeouts\.delete counts only once a `pulumi up` has recorded it/);
    expect((error as Error).message).not.toMatch(/the next `pulumi up` waits for it again/);
    await provider.delete(id, { ...outs, timeouts: { create: "10m", update: "10m", delete: "30s" } });
    expect(inCloud()).toHaveLength(0);
  });

  it("deletes a flow log caught mid-transition", async () => {
    const { id, outs } = await provider.create(await checked(provider, args("vpc-demo0017")));
    await direct.modifyFlowLogAttribute({ regionId: "cn-hangzhou", flowLogId: id, description: "busy" });
    await provider.delete(id, outs);
    expect(inCloud()).toHaveLength(0);
  });
});

describe("many flow logs at once", () => {
  it("shares one watcher: concurrent creates are served by common DescribeFlowLogs rounds", async () => {
    emulator.updateSettings({ activationDelayMs: 1_500 });
    const ids = ["vpc-demo0101", "vpc-demo0102", "vpc-demo0103", "vpc-demo0104", "vpc-demo0105", "vpc-demo0106"];
    const watcher = provider.ctx.watcher("cn-hangzhou");
    const roundsBefore = watcher.stats.rounds;
    const results = await Promise.all(ids.map(async (id) => provider.create(await checked(provider, args(id)))));
    expect(results.every((r) => r.outs.status === "Active")).toBe(true);
    const rounds = watcher.stats.rounds - roundsBefore;
    // One poller per flow log would need about 6 x 6 looks; the shared schedule needs about 6 rounds in all.
    expect(rounds).toBeLessThanOrEqual(12);
    const describes = emulator.stats().byAction.DescribeFlowLogs ?? 0;
    expect(describes).toBeLessThanOrEqual(ids.length + rounds + 2);
  });
});

describe("notes and lookups through the watcher (issue 6)", () => {
  it("answers a refresh of many flow logs (concurrent reads) from shared rounds, and a lone read with one call", async () => {
    emulator.updateSettings({ activationDelayMs: 0 });
    const vpcs = Array.from({ length: 12 }, (_, i) => `vpc-demo04${String(i + 10)}`);
    const created = await Promise.all(vpcs.map(async (vpc) => provider.create(await checked(provider, args(vpc)))));
    const before = emulator.stats().byAction.DescribeFlowLogs ?? 0;
    const read = await Promise.all(created.map(({ id, outs }) => provider.read(id, outs)));
    expect(read.map((r) => r.id)).toEqual(created.map((c) => c.id));
    expect(read.every((r) => r.props?.status === "Active")).toBe(true);
    // One paged listing (12 flow logs: one page) instead of twelve calls.
    expect((emulator.stats().byAction.DescribeFlowLogs ?? 0) - before).toBeLessThanOrEqual(2);
    const single = emulator.stats().byAction.DescribeFlowLogs ?? 0;
    expect((await provider.read("fl-neverexisted", { regionId: "cn-hangzhou" })).id).toBe("");
    expect((emulator.stats().byAction.DescribeFlowLogs ?? 0) - single).toBe(1);
  });

  it("serves pre-create notes and delete waits from shared rounds, not one DescribeFlowLogs per flow log", async () => {
    emulator.updateSettings({ activationDelayMs: 300 });
    const vpcs = Array.from({ length: 12 }, (_, i) => `vpc-demo03${String(i + 10)}`);
    const before = emulator.stats().byAction.DescribeFlowLogs ?? 0;
    const created = await Promise.all(vpcs.map(async (vpc) => provider.create(await checked(provider, args(vpc)))));
    expect(inCloud()).toHaveLength(vpcs.length);
    await Promise.all(created.map(({ id, outs }) => provider.delete(id, outs)));
    expect(inCloud()).toHaveLength(0);
    // One call per note and per delete wait alone would be 24.
    expect((emulator.stats().byAction.DescribeFlowLogs ?? 0) - before).toBeLessThan(vpcs.length);
  });
});

describe("secrets", () => {
  it("never puts the AccessKeySecret in outputs, log lines or error messages, failing calls included", async () => {
    const secret = "wrong-secret-value-do-not-print-4711";
    const own: string[] = [];
    const leaky = new FlowLogProvider({ log: (line) => own.push(line), adoptWindowMs: 500 });
    await leaky.configure({
      config: {
        get: (key: string) =>
          ({ "alicloud:region": "cn-hangzhou", "alicloud:accessKey": DEFAULT_ACCESS_KEY_ID, "alicloud:secretKey": secret, "alicloud-flowlog:endpoint": emulator.url })[key],
      },
    });
    const messages: string[] = [];
    for (const call of [
      () => leaky.create({ ...args("vpc-demo0200"), regionId: "cn-hangzhou", status: "Active", timeouts: { create: "2s", update: "2s", delete: "2s" } }),
      () => leaky.read("fl-x", { regionId: "cn-hangzhou" }),
      () => leaky.delete("fl-x", { regionId: "cn-hangzhou" }),
    ]) {
      const error = await call().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      messages.push(String((error as Error).message), String((error as Error).stack), JSON.stringify(error));
    }
    await leaky.ctx.close();
    expect(messages.join("\n")).toMatch(/SignatureDoesNotMatch|InvalidAccessKey/);
    expect([...messages, ...own].join("\n")).not.toContain(secret);
  });

  it("keeps credentials out of successful outputs", async () => {
    const { outs } = await provider.create(await checked(provider, args("vpc-demo0201")));
    expect(JSON.stringify(outs)).not.toContain(DEFAULT_ACCESS_KEY_SECRET);
    expect(JSON.stringify(outs)).not.toContain(DEFAULT_ACCESS_KEY_ID);
    expect(lines.join("\n")).not.toContain(DEFAULT_ACCESS_KEY_SECRET);
  });
});

describe("check and diff through the provider", () => {
  it("refuses bad input with no API call", async () => {
    const before = emulator.stats().total;
    const result = await provider.check({}, args("vsw-demo0001", { aggregationInterval: 60 }));
    expect(result.failures?.map((f) => f.property).sort()).toEqual(["aggregationInterval", "resourceId"]);
    expect(emulator.stats().total).toBe(before);
  });

  it("passes unknown values through during preview", async () => {
    const result = await provider.check({}, args(UNKNOWN));
    expect(result.failures).toEqual([]);
  });
});
