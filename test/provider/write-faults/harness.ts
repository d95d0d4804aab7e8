/**
 * Harness of the write-fault tests (update / delete under API faults): the emulator, a loopback proxy in front of it that can answer a
 * chosen write with a gateway 5xx after forwarding it (landed) or instead (not landed), hooks that run an out-of-band
 * change just before a write is forwarded, and a FlowLogProvider with short grace periods.
 */
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { VpcClient } from "../../../src/client";
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, startEmulator, type RunningEmulator } from "../../../src/emulator";
import { FlowLogProvider } from "../../../src/provider";

export type GatewayFault = { action: string; landed: boolean; status: number; body: string; times: number };
export type Hook = { action: string; times: number; run: () => Promise<void>; after?: boolean };

export class Lab {
  emulator!: RunningEmulator;
  proxy!: Server;
  proxyUrl = "";
  faults: GatewayFault[] = [];
  hooks: Hook[] = [];
  /** Actions the proxy forwarded (reached the emulator through the provider). */
  readonly forwarded: string[] = [];
  readonly lines: string[] = [];
  oob!: VpcClient;

  static async start(settings = { activationDelayMs: 100, transitionDelayMs: 150 }): Promise<Lab> {
    const lab = new Lab();
    lab.emulator = await startEmulator({ settings });
    lab.proxy = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", async () => {
        try {
          const action = String(req.headers["x-acs-action"] ?? new URL(req.url ?? "/", "http://x").searchParams.get("Action") ?? "");
          const hook = lab.hooks.find((h) => h.action === action && h.times > 0);
          if (hook) hook.times -= 1;
          if (hook && !hook.after) await hook.run();
          const fault = lab.faults.find((f) => f.action === action && f.times > 0);
          if (fault) fault.times -= 1;
          let answer: { status: number; headers: Record<string, unknown>; body: Buffer } | undefined;
          if (!fault || fault.landed) {
            lab.forwarded.push(action);
            answer = await lab.forward(req.method ?? "GET", req.url ?? "/", req.headers as Record<string, unknown>, Buffer.concat(chunks));
          }
          if (hook?.after) await hook.run();
          if (fault) {
            res.writeHead(fault.status, { "content-type": "text/html" });
            res.end(fault.body);
            return;
          }
          const { host: _h, ...h } = answer!.headers;
          res.writeHead(answer!.status, h as never);
          res.end(answer!.body);
        } catch {
          req.socket.destroy();
        }
      });
    });
    await new Promise<void>((r) => lab.proxy.listen(0, "127.0.0.1", r));
    lab.proxyUrl = `http://127.0.0.1:${(lab.proxy.address() as AddressInfo).port}`;
    lab.oob = new VpcClient({
      regionId: "cn-hangzhou",
      endpoint: lab.emulator.url,
      credentials: { accessKeyId: DEFAULT_ACCESS_KEY_ID, accessKeySecret: DEFAULT_ACCESS_KEY_SECRET },
      rateLimit: false,
    } as never);
    return lab;
  }

  forward(method: string, path: string, headers: Record<string, unknown>, body: Buffer) {
    const target = new URL(this.emulator.url);
    return new Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
      const req = request({ host: target.hostname, port: target.port, method, path, headers: headers as never }, (res) => {
        const c: Buffer[] = [];
        res.on("data", (x: Buffer) => c.push(x));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(c) }));
        res.on("error", reject);
      });
      req.on("error", reject);
      req.end(body);
    });
  }

  async stop(): Promise<void> {
    await this.oob.close();
    await new Promise((r) => this.proxy.close(r));
    await this.emulator.stop();
  }

  clear(): void {
    this.faults = [];
    this.hooks = [];
    this.forwarded.length = 0;
    this.lines.length = 0;
    this.emulator.clearFaults();
  }

  config(extra: Record<string, string> = {}) {
    const values: Record<string, string> = {
      "alicloud:region": "cn-hangzhou",
      "alicloud:accessKey": DEFAULT_ACCESS_KEY_ID,
      "alicloud:secretKey": DEFAULT_ACCESS_KEY_SECRET,
      "alicloud-flowlog:endpoint": this.proxyUrl,
      ...extra,
    };
    return { config: { get: (key: string) => values[key] } };
  }

  async provider(extra: Record<string, string> = {}, overrides: Record<string, unknown> = {}): Promise<FlowLogProvider> {
    const p = new FlowLogProvider({
      log: (l: string) => this.lines.push(l),
      adoptWindowMs: 1_500,
      staleGraceMs: 500,
      absentGraceMs: 1_500,
      ...overrides,
    } as never);
    await p.configure(this.config(extra));
    return p;
  }

  /** Write calls the emulator received per action since `before` (stats include faulted calls). */
  writesSince(before: Record<string, number>): Record<string, number> {
    const now = this.emulator.stats().byAction;
    const out: Record<string, number> = {};
    for (const [k, v] of Object.entries(now)) {
      if (k === "DescribeFlowLogs" || k === "ListTagResources") continue;
      const d = v - (before[k] ?? 0);
      if (d > 0) out[k] = d;
    }
    return out;
  }

  cloud(id: string) {
    return this.emulator.flowLogs().find((f) => f.flowLogId === id);
  }

  /** Create a flow log (no faults) and return id and outputs. */
  async create(resourceId: string, extra: Record<string, unknown> = {}) {
    const p = await this.provider();
    try {
      const inputs = (await p.check({}, args(resourceId, extra))).inputs!;
      const { id, outs } = await p.create(inputs);
      return { id, outs };
    } finally {
      await p.ctx.close();
    }
  }

  /** Update with the given program args (faults already armed); returns outputs or the error, and write counts. */
  async update(id: string, olds: Record<string, unknown>, resourceId: string, news: Record<string, unknown>, cfg: Record<string, string> = {}, overrides: Record<string, unknown> = {}) {
    const before = { ...this.emulator.stats().byAction };
    const p = await this.provider(cfg, overrides);
    const started = Date.now();
    try {
      const inputs = (await p.check(olds, args(resourceId, news))).inputs!;
      const result = await p.update(id, olds, inputs).then(
        (r) => ({ outs: r.outs as Record<string, unknown>, error: undefined }),
        (e: unknown) => ({ outs: undefined, error: e as Error & { properties?: Record<string, unknown>; name: string } }),
      );
      return { ...result, writes: this.writesSince(before), ms: Date.now() - started };
    } finally {
      await p.ctx.close();
    }
  }

  async delete(id: string, props: Record<string, unknown>, cfg: Record<string, string> = {}, overrides: Record<string, unknown> = {}) {
    const before = { ...this.emulator.stats().byAction };
    const p = await this.provider(cfg, overrides);
    try {
      const error = await p.delete(id, props).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      return { error, writes: this.writesSince(before) };
    } finally {
      await p.ctx.close();
    }
  }
}

export function args(resourceId: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { resourceType: "VPC", resourceId, trafficType: "All", projectName: "flowlog-project", logStoreName: "flowlog-store", ...extra };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The fields an update manages, from a cloud flow log (emulator shape) or from outputs. */
export function managedFromCloud(f: { flowLogName?: string; description?: string; aggregationInterval?: number; ipVersion?: string; status: string; resourceGroupId: string; tags: { Key: string; Value: string }[] } | undefined) {
  if (f === undefined) return undefined;
  return {
    flowLogName: f.flowLogName ?? "",
    description: f.description ?? "",
    aggregationInterval: f.aggregationInterval,
    ipVersion: f.ipVersion,
    status: f.status,
    resourceGroupId: f.resourceGroupId,
    tags: Object.fromEntries(f.tags.filter((t) => !/^(aliyun|acs:)/i.test(t.Key)).map((t) => [t.Key, t.Value])),
  };
}
export function managedFromOutputs(o: Record<string, unknown> | undefined) {
  if (o === undefined) return undefined;
  return {
    flowLogName: o.flowLogName,
    description: o.description,
    aggregationInterval: o.aggregationInterval,
    ipVersion: o.ipVersion,
    status: o.status,
    resourceGroupId: o.resourceGroupId,
    tags: o.tags,
  };
}
