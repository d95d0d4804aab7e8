// Odd-but-valid inputs through the real dynamic-provider process, one engine step at a time (test/lifecycle/lab.ts):
// check, create, diff, update, refresh (read with outputs), import (the import option's create), delete. Loads the BUILT package.
import { describe, expect, it } from "vitest";
import { args, REGION, useLab, type Lab } from "../lifecycle/lab";
import { CHAR_TAGS, DESCRIPTION_256, NAME_128, PROTO_TAGS } from "./odd";

let lab: Lab;
useLab((started) => {
  lab = started;
});

function cloudTags(id: string): Record<string, string> {
  return Object.fromEntries((lab.cloud(id)?.tags ?? []).map((t) => [t.Key, t.Value]));
}

describe("import by id of a flow log with odd tags and text", () => {
  it("made elsewhere with 20 odd tags, limit-length name and description: the matching program imports clean", async () => {
    const tags = { ...PROTO_TAGS, ...CHAR_TAGS };
    const made = await lab.direct().createFlowLog({
      regionId: REGION,
      resourceType: "VPC",
      resourceId: "vpc-demo0911",
      trafficType: "All",
      projectName: "flowlog-project",
      logStoreName: "flowlog-store",
      flowLogName: NAME_128,
      description: DESCRIPTION_256,
      aggregationInterval: 5,
      tag: Object.entries(tags).map(([key, value]) => ({ key, value })),
    });
    const id = String(made.FlowLogId);
    expect(cloudTags(id)).toEqual(tags);
    await lab.waitCloud(id, (f) => f?.status === "Active");
    const a = args("vpc-demo0911", { tags, flowLogName: NAME_128, description: DESCRIPTION_256, aggregationInterval: 5 });
    // One tag's value differs by a combining mark: import refused (a real difference).
    const off = { ...a, tags: { ...tags, then: "t\u0301" } };
    expect((await lab.importId("i-odd-off", id, off)).error?.message).toMatch(/do not match .*: tags differ/);
    const imported = await lab.importId("i-odd", id, a);
    expect(imported.error).toBeUndefined();
    expect(imported.entry!.outputs.tags).toEqual(tags);
    expect((await lab.diff(imported.entry!, a)).diff).toEqual({ changes: "none", replaces: [], deleteBeforeReplace: false });
    // A refresh's inputs, fed back as a program, diff clean too.
    const refreshed = (await lab.refresh(imported.entry!))!;
    const roundTrip = { ...refreshed.inputs };
    delete roundTrip.__provider;
    expect((await lab.diff(refreshed, roundTrip)).diff.changes).toBe("none");
    await lab.delete(imported.entry!);
    expect(lab.cloud(id)).toBeUndefined();
  });
});

describe("Unicode normal forms", () => {
  // NFC "é" and NFD "e\u0301" are different strings to the API (the emulator stores text as given; no published page
  // says the service normalizes). Expected: both keys kept apart; a refresh that reports the other form shows as drift.
  it("NFC and NFD forms of one key are two tags; a name changed to the other form out of band shows as drift and up restores it", async () => {
    const nfc = "caf\u00e9";
    const nfd = "cafe\u0301";
    const a = args("vpc-demo0912", { flowLogName: nfc, tags: { [nfc]: "composed", [nfd]: "decomposed" } });
    let e = await lab.create("nf", a);
    expect(cloudTags(e.id)).toEqual({ [nfc]: "composed", [nfd]: "decomposed" });
    expect((await lab.diff(e, a)).diff.changes).toBe("none");
    await lab.direct().modifyFlowLogAttribute({ regionId: REGION, flowLogId: e.id, flowLogName: nfd });
    await lab.waitCloud(e.id, (f) => f?.status === "Active");
    e = (await lab.refresh(e))!;
    expect(e.outputs.flowLogName).toBe(nfd);
    expect((await lab.diff(e, a)).diff.changes).toBe("some");
    const r = await lab.up(e, a);
    expect(r.op).toBe("update");
    expect(lab.cloud(e.id)?.flowLogName).toBe(nfc);
    expect((await lab.diff(r.entry, a)).diff.changes).toBe("none");
    await lab.delete(r.entry);
  });
});

describe("control characters and percent signs in text", () => {
  it("NUL, %00, %20 and trailing spaces in name, description and a tag survive create, refresh and an update", async () => {
    const a = args("vpc-demo0913", { flowLogName: "a\u0000b%00 ", description: "%20\u0000\u0007 ", tags: { "k\u0000": "v\u0000", "%41": "%" } });
    let e = await lab.create("nul", a);
    expect(lab.cloud(e.id)).toMatchObject({ flowLogName: "a\u0000b%00 ", description: "%20\u0000\u0007 " });
    expect(cloudTags(e.id)).toEqual({ "k\u0000": "v\u0000", "%41": "%" });
    expect(e.outputs).toMatchObject({ flowLogName: "a\u0000b%00 ", tags: { "k\u0000": "v\u0000", "%41": "%" } });
    e = (await lab.refresh(e))!;
    expect((await lab.diff(e, a)).diff.changes).toBe("none");
    const b = { ...a, flowLogName: "a\u0000c", tags: { "%41": "%25", A: "x" } };
    const r = await lab.up(e, b);
    expect(r.op).toBe("update");
    expect(cloudTags(e.id)).toEqual({ "%41": "%25", A: "x" });
    expect(lab.cloud(e.id)?.flowLogName).toBe("a\u0000c");
    await lab.delete(r.entry);
  });
});

describe("trafficPaths order", () => {
  it("a custom list in another order than the cloud's: create, up, refresh and import all diff clean", async () => {
    lab.emulator.updateSettings({ userDefinedTrafficPath: true });
    try {
      const a = args("vpc-demo0914", { trafficPaths: ["vpnGateway", "natGateway", "internetGateway"] });
      let e = await lab.create("tp", a);
      const reversed = args("vpc-demo0914", { trafficPaths: ["internetGateway", "natGateway", "vpnGateway"] });
      expect((await lab.diff(e, reversed)).diff.changes).toBe("none");
      e = (await lab.refresh(e))!;
      expect((await lab.diff(e, a)).diff.changes).toBe("none");
      expect((await lab.diff(e, reversed)).diff.changes).toBe("none");
      const imported = await lab.importId("tp-i", e.id, reversed);
      expect(imported.error).toBeUndefined();
      await lab.delete(e);
      // No paths, [] and ["all"] are all the default: each diffs clean against the others after a refresh.
      let d = await lab.create("tp-default", args("vpc-demo0914", { trafficPaths: [] }));
      d = (await lab.refresh(d))!;
      for (const trafficPaths of [[], ["all"], undefined]) {
        expect((await lab.diff(d, args("vpc-demo0914", trafficPaths === undefined ? {} : { trafficPaths }))).diff.changes).toBe("none");
      }
      await lab.delete(d);
    } finally {
      lab.emulator.updateSettings({ userDefinedTrafficPath: false });
    }
  });
});

describe("aggregationInterval and ipVersion", () => {
  it("1 -> 5 -> 10 -> 1 in place, ipVersion IPv4 <-> DualStack, each diff clean after", async () => {
    let e = await lab.create("ai", args("vpc-demo0915", { aggregationInterval: 1, ipVersion: "IPv4" }));
    for (const [interval, ipVersion] of [[5, "DualStack"], [10, "IPv4"], [1, "DualStack"]] as const) {
      const a = args("vpc-demo0915", { aggregationInterval: interval, ipVersion });
      const r = await lab.up(e, a);
      expect(r.op).toBe("update");
      expect(lab.cloud(e.id)).toMatchObject({ aggregationInterval: interval, ipVersion });
      e = (await lab.refresh(r.entry))!;
      expect((await lab.diff(e, a)).diff.changes).toBe("none");
    }
    await lab.delete(e);
  });
});

describe("timeouts in Go's rarer spellings", () => {
  it("µs / μs, a leading +, a trailing dot and fractions: created, and equal lengths in other spellings diff clean", async () => {
    const odd = { create: "600000000µs", update: "+10m", delete: "1.m" };
    const e = await lab.create("to", args("vpc-demo0917", { timeouts: odd }));
    expect(e.outputs.timeouts).toEqual(odd);
    expect((await lab.diff(e, args("vpc-demo0917", { timeouts: { create: "10m", update: "600s", delete: "60000000000ns" } }))).diff.changes).toBe("none");
    expect((await lab.diff(e, args("vpc-demo0917", { timeouts: { create: "600000000μs", update: ".1666666666666666667h", delete: "1m" } }))).diff.changes).toBe("none");
    await lab.delete(e);
  });
});

describe("empty and blank tag values and keys", () => {
  it("a value set to \"\" and back, a key of one space: each update lands and diffs clean", async () => {
    let e = await lab.create("blank", args("vpc-demo0918", { tags: { " ": " ", k: "x" } }));
    for (const tags of [{ " ": "", k: "" }, { " ": " ", k: "x" }, { k: "" }]) {
      const a = args("vpc-demo0918", { tags });
      const r = await lab.up(e, a);
      expect(r.op).toBe("update");
      expect(cloudTags(e.id)).toEqual(tags);
      e = (await lab.refresh(r.entry))!;
      expect((await lab.diff(e, a)).diff.changes).toBe("none");
    }
    await lab.delete(e);
  });
});

describe("progress lines", () => {
  // logger.ts: a Logger "Receives one line of progress". A tag key with a line break or a bidi control is valid (the
  // rules bar only aliyun / acs: / http(s)://), and the tags map may be a secret: the lines count tags, never name them.
  it("a tag key with a line break or a bidi override does not split or reorder a provider progress line", async () => {
    const forged = "x\ninfo: [runtime] FlowLog fl-forged0000: deleted";
    let e = await lab.create("log", args("vpc-demo0916", { tags: { a: "1" } }));
    const before = lab.lines.length;
    const r = await lab.up(e, args("vpc-demo0916", { tags: { [forged]: "v", "\u202Eevil": "w" } }));
    e = r.entry;
    await new Promise((resolve) => setTimeout(resolve, 100)); // the process's stdout may trail the RPC's answer
    const lines = lab.lines.slice(before);
    await lab.delete(e);
    expect(lines.some((l) => /TagResources \(2 tags\)/.test(l))).toBe(true);
    expect(lines.some((l) => /UnTagResources \(1 tag key\)/.test(l))).toBe(true);
    expect(lines.filter((l) => l.includes("fl-forged0000"))).toEqual(lines.filter((l) => l.includes("fl-forged0000") && l.includes("TagResources")));
    expect(lines.filter((l) => l.includes("\u202E"))).toEqual([]);
  });
});
