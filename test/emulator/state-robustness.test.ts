/**
 * The emulator's state machine, control API, fault lifetime and persistence over HTTP (src/emulator/model, control.ts,
 * faults.ts, state-saver.ts, request-gate.ts, index.ts): long delays stay long, stop() ends held requests without
 * committing them, and the state file follows every change, survives bad input and never fails a committed write.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { ManualClock, startEmulator, systemClock, type RunningEmulator, type ServiceSnapshot } from "../../src/emulator";
import { RequestGate } from "../../src/emulator/request-gate";
import { StateSaver } from "../../src/emulator/state-saver";
import { createFlowLogParams, popClient, rawRequest, signedCall, signedV2Query } from "./helpers";

const directory = mkdtempSync(join(tmpdir(), "emulator-state-"));
const running: RunningEmulator[] = [];
afterAll(async () => {
  for (const e of running) await e.stop().catch(() => undefined);
  rmSync(directory, { recursive: true, force: true });
});

async function start(options: Parameters<typeof startEmulator>[0] = {}): Promise<RunningEmulator> {
  const e = await startEmulator(options);
  running.push(e);
  return e;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let vpc = 100;
const createParams = () => createFlowLogParams(++vpc);

const call = signedCall;

function control(port: number, method: string, route: string, body?: unknown) {
  return rawRequest(port, {
    method,
    path: `/__emulator/${route}`,
    headers: { "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

describe("delays longer than one Node timer", () => {
  // ARCHITECTURE.md: activationDelayMs is "Activating -> Active"; the control API accepts any number >= 0. Node fires a
  // timer of more than 2^31-1 ms (~24.8 days) after 1 ms, so the clock chains such waits: "in 35 days" stays 35 days.
  it("keeps a flow log Activating when activationDelayMs is 3e9 (35 days)", async () => {
    const e = await start();
    const patched = await control(e.port, "PATCH", "settings", { activationDelayMs: 3e9 });
    expect(patched.status).toBe(200);
    const created = await call(e.port, "CreateFlowLog", createParams());
    expect(created.status).toBe(200);
    await sleep(300);
    expect(e.flowLogs()[0]?.status).toBe("Activating");
  });

  it("keeps a flow log Deleting when transitionDelayMs is 1e10", async () => {
    const e = await start({ settings: { activationDelayMs: 20 } });
    const { json } = await call(e.port, "CreateFlowLog", createParams());
    await sleep(100);
    e.updateSettings({ transitionDelayMs: 1e10 });
    expect((await call(e.port, "DeleteFlowLog", { RegionId: "cn-hangzhou", FlowLogId: String(json.FlowLogId) })).status).toBe(200);
    await sleep(300);
    expect(e.flowLogs().map((f) => f.status)).toEqual(["Deleting"]);
  });

  describe("systemClock", () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it("fires a wait past 2^31-1 ms at its due time, not before, and clears it at any leg", () => {
      vi.useFakeTimers();
      const long = 2 ** 31 + 5_000;
      const fired: string[] = [];
      systemClock.setTimeout(() => fired.push("long"), long);
      const cleared = systemClock.setTimeout(() => fired.push("cleared"), long);
      vi.advanceTimersByTime(2 ** 31 - 1);
      systemClock.clearTimeout(cleared);
      expect(fired).toEqual([]);
      vi.advanceTimersByTime(5_000);
      expect(fired).toEqual([]);
      vi.advanceTimersByTime(1);
      expect(fired).toEqual(["long"]);
      vi.advanceTimersByTime(2 ** 32);
      expect(fired).toEqual(["long"]);
    });

    it("never fires an infinite wait", () => {
      vi.useFakeTimers();
      let fired = false;
      const handle = systemClock.setTimeout(() => (fired = true), Number.POSITIVE_INFINITY);
      vi.advanceTimersByTime(2 ** 33);
      expect(fired).toBe(false);
      systemClock.clearTimeout(handle);
    });
  });
});

describe("state machine over HTTP", () => {
  it("refuses every write while a transition runs, with 400 IncorrectStatus.flowlog, and one of two concurrent writes", async () => {
    const e = await start({ settings: { activationDelayMs: 200, transitionDelayMs: 200 } });
    const { json } = await call(e.port, "CreateFlowLog", createParams());
    const ref = { RegionId: "cn-hangzhou", FlowLogId: String(json.FlowLogId) };
    for (const action of ["DeleteFlowLog", "ActiveFlowLog", "DeactiveFlowLog", "ModifyFlowLogAttribute"]) {
      const answer = await call(e.port, action, { ...ref, ...(action === "ModifyFlowLogAttribute" ? { FlowLogName: "x" } : {}) });
      expect(answer.status, action).toBe(400);
      expect(answer.json.Code, action).toBe("IncorrectStatus.flowlog");
    }
    await sleep(300);
    const both = await Promise.all([call(e.port, "DeactiveFlowLog", ref), call(e.port, "DeleteFlowLog", ref)]);
    expect(both.map((a) => a.status).sort()).toEqual([200, 400]);
    await sleep(300);
    const deleting = await call(e.port, "DeleteFlowLog", ref);
    expect([200, 404, 400]).toContain(deleting.status);
  });

  it("pages DescribeFlowLogs: PageSize 0/51/abc refused with InvalidParameter, a page past the end is empty with the total", async () => {
    const e = await start({ settings: { activationDelayMs: 10 } });
    for (let i = 0; i < 3; i++) await call(e.port, "CreateFlowLog", createParams());
    for (const size of ["0", "51", "abc", "-1", "1.5"]) {
      const answer = await call(e.port, "DescribeFlowLogs", { RegionId: "cn-hangzhou", PageSize: size });
      expect(answer.status, size).toBe(400);
      expect(Object.keys(answer.json).sort()).toEqual(["Code", "HostId", "Message", "Recommend", "RequestId"]);
    }
    const past = await call(e.port, "DescribeFlowLogs", { RegionId: "cn-hangzhou", PageSize: "2", PageNumber: "9" });
    expect(past.json).toMatchObject({ TotalCount: "3", PageNumber: "9", PageSize: "2", FlowLogs: { FlowLog: [] } });
    const last = await call(e.port, "DescribeFlowLogs", { RegionId: "cn-hangzhou", PageSize: "2", PageNumber: "2" });
    expect((last.json.FlowLogs as { FlowLog: unknown[] }).FlowLog).toHaveLength(1);
  });

  it("combines filters and tag filters (Tags.N plural)", async () => {
    const e = await start({ settings: { activationDelayMs: 10 } });
    const a = await call(e.port, "CreateFlowLog", { ...createParams(), "Tag.1.Key": "team", "Tag.1.Value": "net", FlowLogName: "a" });
    await call(e.port, "CreateFlowLog", { ...createParams(), "Tag.1.Key": "team", "Tag.1.Value": "web", FlowLogName: "a" });
    const found = await call(e.port, "DescribeFlowLogs", { RegionId: "cn-hangzhou", FlowLogName: "a", "Tags.1.Key": "team", "Tags.1.Value": "net", TrafficType: "All" });
    expect((found.json.FlowLogs as { FlowLog: { FlowLogId: string }[] }).FlowLog.map((f) => f.FlowLogId)).toEqual([a.json.FlowLogId]);
    const none = await call(e.port, "DescribeFlowLogs", { RegionId: "cn-hangzhou", FlowLogName: "a", TrafficType: "Drop" });
    expect(none.json.TotalCount).toBe("0");
  });
});

describe("faults and stop()", () => {
  // index.ts: stop() closes the connections, clears timers and saves the state file. A request waiting in a latency fault
  // when stop() runs loses its connection and is never committed: no flow log, no state write after stop() resolved (a
  // restarted emulator on the same file would otherwise find a flow log the client never learnt of).
  it("commits nothing and writes no state once stop() has resolved", async () => {
    const stateFile = join(directory, "stop.json");
    const e = await startEmulator({ stateFile, faults: [{ kind: "latency", latencyMs: 600, action: "CreateFlowLog" }] });
    const pending = rawRequest(e.port, { path: `/?${signedV2Query("CreateFlowLog", createParams())}` }).catch(() => "reset");
    await sleep(100);
    await e.stop();
    const savedAtStop = readFileSync(stateFile, "utf8");
    expect(await pending).toBe("reset");
    await sleep(800);
    expect(e.flowLogs()).toEqual([]);
    expect(readFileSync(stateFile, "utf8")).toBe(savedAtStop);
  });

  it("ends every wait of the gate when it closes, and refuses waits afterwards", async () => {
    const gate = new RequestGate();
    expect(await gate.wait(1)).toBe(true);
    const held = gate.wait(60_000);
    gate.close();
    expect(await held).toBe(false);
    expect(gate.open).toBe(false);
    expect(await gate.wait(1)).toBe(false);
  });

  it("clears a fault that would never end (throttle without times) with DELETE /__emulator/faults", async () => {
    const e = await start();
    expect((await control(e.port, "POST", "faults", { kind: "throttle" })).status).toBe(201);
    expect((await call(e.port, "DescribeFlowLogs", { RegionId: "cn-hangzhou" })).json.Code).toBe("Throttling.User");
    expect((await control(e.port, "DELETE", "faults")).status).toBe(200);
    expect((await call(e.port, "DescribeFlowLogs", { RegionId: "cn-hangzhou" })).status).toBe(200);
  });

  it("refuses unknown fault kinds, bad JSON, a latency over 600000 ms and a body that is not an object with 400", async () => {
    const e = await start();
    for (const body of [{ kind: "explode" }, { kind: "latency", latencyMs: 600001 }, { kind: "throttle", every: 0 }, null, [1], "x"]) {
      const answer = await control(e.port, "POST", "faults", body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
    }
    const raw = await rawRequest(e.port, { method: "POST", path: "/__emulator/faults", body: "{kind:" });
    expect(raw.status).toBe(400);
    expect((await control(e.port, "PATCH", "settings", { activationDelayMs: "5" })).status).toBe(400);
    expect((await control(e.port, "PATCH", "settings", { nope: 1 })).status).toBe(400);
  });
});

describe("persistence", () => {
  function stateWith(settings: Record<string, unknown>): string {
    return JSON.stringify({
      format: "alicloud-vpc-emulator-state",
      version: 1,
      savedAt: new Date().toISOString(),
      snapshot: { version: 1, savedAtMs: Date.now(), settings, flowLogs: [] },
    });
  }

  // A state file's settings are checked with the control API's rules (settingsPatchSchema): a string delay would become a
  // string due time, "many" would disable the quota, "no" would be a truthy stuckActivating. The error names the field.
  it("refuses a state file whose settings have the wrong types, naming the field", async () => {
    const file = join(directory, "bad-settings.json");
    writeFileSync(file, stateWith({ activationDelayMs: "abc", quotaPerRegion: "many", stuckActivating: "no" }));
    const refused = start({ stateFile: file });
    await expect(refused).rejects.toMatchObject({ name: "StateFileError" });
    await expect(refused).rejects.toThrow(/settings\.activationDelayMs/);
  });

  // Another version's file: keys this one does not know are dropped, and nulls (JSON's Infinity) take the defaults.
  it("loads a state file with settings keys of another version, dropping them", async () => {
    const file = join(directory, "other-version.json");
    writeFileSync(file, stateWith({ activationDelayMs: 5, surprise: true, hideNewForMs: null }));
    const e = await start({ stateFile: file });
    expect(e.settings()).toMatchObject({ activationDelayMs: 5, hideNewForMs: 0 });
    expect(e.settings()).not.toHaveProperty("surprise");
  });

  it("loads a state file whose settings the control API would accept, missing ones taking their defaults", async () => {
    const file = join(directory, "good-settings.json");
    writeFileSync(file, stateWith({ activationDelayMs: 5, serviceOpen: { "cn-hangzhou": false } }));
    const e = await start({ stateFile: file });
    expect(e.settings()).toMatchObject({ activationDelayMs: 5, transitionDelayMs: 1000, serviceOpen: { "cn-hangzhou": false } });
  });

  it("drops serviceOpen regions the world does not have (a file saved with another world)", async () => {
    const file = join(directory, "other-world.json");
    writeFileSync(file, stateWith({ serviceOpen: JSON.parse('{"cn-hangzhou":false,"eu-west-9":false,"constructor":false,"__proto__":false}') as object }));
    const e = await start({ stateFile: file });
    expect(e.settings().serviceOpen).toEqual({ "cn-hangzhou": false });
  });

  // The same rule as a user meets it: a state file the emulator wrote after loading settings (a crash before the next
  // write leaves exactly this file) can always be loaded again.
  it("writes a state file it can load again after loading settings of the wrong type", async () => {
    const file = join(directory, "self.json");
    writeFileSync(file, stateWith({ activationDelayMs: "abc" }));
    const first = await startEmulator({ stateFile: file }).catch(() => undefined);
    if (first === undefined) return; // refused at load: the test above covers it
    running.push(first);
    await call(first.port, "CreateFlowLog", createParams());
    const crashCopy = join(directory, "self-crash.json");
    writeFileSync(crashCopy, readFileSync(file));
    await expect(startEmulator({ stateFile: crashCopy }).then((e) => e.stop())).resolves.toBeUndefined();
  });

  it("refuses a truncated state file", async () => {
    const file = join(directory, "trunc.json");
    const e = await startEmulator({ stateFile: file, settings: { activationDelayMs: 10 } });
    await call(e.port, "CreateFlowLog", createParams());
    await e.stop();
    const text = readFileSync(file, "utf8");
    writeFileSync(file, text.slice(0, Math.floor(text.length / 2)));
    await expect(start({ stateFile: file })).rejects.toMatchObject({ name: "StateFileError" });
  });

  // ARCHITECTURE.md: "written atomically after every change". Activating -> Active and Deleting -> gone are changes made
  // by timers: the file follows them without waiting for the next API write or stop().
  it("writes the state file when a transition finishes (Activating -> Active)", async () => {
    const file = join(directory, "transition.json");
    const e = await start({ stateFile: file, settings: { activationDelayMs: 50 } });
    await call(e.port, "CreateFlowLog", createParams());
    await sleep(400);
    expect(e.flowLogs()[0]?.status).toBe("Active");
    const saved = JSON.parse(readFileSync(file, "utf8")) as { snapshot: { flowLogs: { status: string }[] } };
    expect(saved.snapshot.flowLogs[0]?.status).toBe("Active");
  });

  it("writes transitions ending together (Deleting -> gone) once they have all run", async () => {
    const file = join(directory, "many.json");
    const clock = new ManualClock(Date.now()); // signed requests carry the real time
    const e = await start({ stateFile: file, clock, settings: { activationDelayMs: 1000, transitionDelayMs: 1000 } });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push(String((await call(e.port, "CreateFlowLog", createParams())).json.FlowLogId));
    clock.advance(1000);
    for (const id of ids) expect((await call(e.port, "DeleteFlowLog", { RegionId: "cn-hangzhou", FlowLogId: id })).status).toBe(200);
    clock.advance(1000);
    await new Promise((r) => setTimeout(r, 150)); // the saver's coalescing window (100 ms)
    const saved = JSON.parse(readFileSync(file, "utf8")) as { snapshot: { flowLogs: unknown[] } };
    expect(saved.snapshot.flowLogs).toEqual([]);
  });

  it("finishes a transition interrupted by a restart", async () => {
    const file = join(directory, "restart.json");
    const e = await startEmulator({ stateFile: file, settings: { activationDelayMs: 300 } });
    await call(e.port, "CreateFlowLog", createParams());
    await e.stop();
    const again = await start({ stateFile: file });
    expect(again.flowLogs()[0]?.status).toBe("Activating");
    await sleep(500);
    expect(again.flowLogs()[0]?.status).toBe("Active");
  });

  // An error answer tells the client nothing was done (clients retry it, NOTES.md: 5xx retryable). A write the model
  // committed is answered as committed even when the state file cannot be written; the failure is logged in one line.
  it("answers a committed write with 200 when the state file cannot be written, and logs the failure", async () => {
    const file = join(directory, "blocked.json");
    const lines: string[] = [];
    const e = await start({ stateFile: file, settings: { activationDelayMs: 10 }, logger: (l) => lines.push(l) });
    rmSync(file, { force: true });
    mkdirSync(file, { recursive: true });
    writeFileSync(join(file, "x"), "occupied");
    const answer = await call(e.port, "CreateFlowLog", createParams());
    expect(answer.status).toBe(200);
    expect(e.flowLogs()).toHaveLength(1);
    expect(lines.filter((l) => l.startsWith("state file not saved"))).toHaveLength(1);
    const client = popClient(e.port);
    await expect(client.request("DescribeFlowLogs", { RegionId: "cn-hangzhou" })).resolves.toBeTruthy();
  });

  // stop() documents that it rejects with the last save's error, after closing the server and clearing the timers.
  it("clears its timers and then rejects when the save at stop fails", async () => {
    const file = join(directory, "blocked-at-stop.json");
    const clock = new ManualClock(Date.now()); // signed requests carry the real time
    const e = await startEmulator({ stateFile: file, clock, settings: { activationDelayMs: 1000 } });
    await call(e.port, "CreateFlowLog", createParams());
    expect(clock.pendingCount()).toBe(1);
    rmSync(file, { force: true });
    mkdirSync(file, { recursive: true });
    writeFileSync(join(file, "x"), "occupied");
    await expect(e.stop()).rejects.toThrow();
    expect(clock.pendingCount()).toBe(0);
  });
});

describe("StateSaver", () => {
  function saver(file: string | undefined, lines: string[] = []) {
    let snapshots = 0;
    const snapshot = (): ServiceSnapshot => {
      snapshots += 1;
      return { version: 1, savedAtMs: 0, settings: {} as ServiceSnapshot["settings"], flowLogs: [] };
    };
    const s = new StateSaver({ file, snapshot, nowMs: () => 0, logger: (l) => lines.push(l) });
    return { s, writes: () => snapshots };
  }
  const window = () => new Promise((r) => setTimeout(r, 150)); // past the saver's coalescing window (100 ms)

  it("coalesces saveSoon() calls within its window into one write", async () => {
    const { s, writes } = saver(join(directory, "coalesced.json"));
    s.saveSoon();
    s.saveSoon();
    s.saveSoon();
    expect(writes()).toBe(0);
    await window();
    expect(writes()).toBe(1);
  });

  it("logs a failed save in one line and writes the whole state again at the next change", async () => {
    const file = join(directory, "retry.json");
    mkdirSync(file, { recursive: true });
    writeFileSync(join(file, "x"), "occupied");
    const lines: string[] = [];
    const { s } = saver(file, lines);
    expect(() => s.save()).not.toThrow();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^state file not saved/);
    rmSync(file, { recursive: true });
    s.save();
    expect(JSON.parse(readFileSync(file, "utf8"))).toMatchObject({ format: "alicloud-vpc-emulator-state" });
  });

  it("does nothing after close(), which drops a pending saveSoon() and writes once", async () => {
    const { s, writes } = saver(join(directory, "closed.json"));
    s.saveSoon();
    s.close();
    expect(writes()).toBe(1);
    s.save();
    s.saveSoon();
    await window();
    expect(writes()).toBe(1);
  });

  it("does nothing without a file", async () => {
    const { s, writes } = saver(undefined);
    s.save();
    s.saveSoon();
    s.close();
    await window();
    expect(writes()).toBe(0);
  });
});

describe("temporary files left by a process killed while saving", () => {
  // persistence.ts: saveState writes `.<file>.<pid>.<hex>.tmp` and renames it; a process killed in between leaves the
  // temporary. The next emulator on that state file (holding its lock) removes those of dead processes, and only those.
  it("removes a dead process's temporary at start and keeps a live one's and unrelated files", async () => {
    const folder = mkdtempSync(join(directory, "leftover-"));
    const file = join(folder, "state.json");
    const exited = spawnSync(process.execPath, ["-e", ""]);
    expect(exited.pid).toBeGreaterThan(0);
    const dead = `.state.json.${exited.pid}.0123456789ab.tmp`;
    const live = `.state.json.${process.pid}.ba9876543210.tmp`;
    const unrelated = [".state.json.backup", ".other.json.1.0123456789ab.tmp", `.state.json.${exited.pid}.xyz.tmp`];
    for (const name of [dead, live, ...unrelated]) writeFileSync(join(folder, name), "{}");
    const lines: string[] = [];
    const e = await start({ stateFile: file, logger: (line) => lines.push(line) });
    const names = readdirSync(folder);
    expect(names).not.toContain(dead);
    expect(names).toEqual(expect.arrayContaining([live, ...unrelated, "state.json"]));
    expect(lines).toContain(`removed ${dead}, left by an emulator killed while saving`);
    await e.stop();
  });
});
