// trafficPaths with one path not known at preview (an Output of another resource): the unknown path is skipped and the
// known ones are still judged, as when the whole list is known (a repeat, a letter-case typo, a non-string, several paths
// with DualStack), so they fail at preview rather than half way through `up` with the API's error (CreateFlowLog page:
// DuplicatedParam.TrafficPath, IllegalParam.TrafficPath, UnsupportedFeature.UserDefinedTrafficPathIpv6).
// Through the real dynamic-provider process (built package: `npm run build` first).
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, startEmulator, type RunningEmulator } from "../../src/emulator";
import { startProviderProcess, UNKNOWN, type PropertyMap, type ProviderProcess } from "../../src/testing";
import { builtShimText } from "../faults/provider-stack";

const URN = "urn:pulumi:dev::traffic-paths::pulumi-nodejs:dynamic/alicloud-flowlog:FlowLog::web";
let emulator: RunningEmulator;
let provider: ProviderProcess;
let shim: string;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, settings: { activationDelayMs: 100, transitionDelayMs: 100, userDefinedTrafficPath: true } });
  shim = await builtShimText();
  provider = await startProviderProcess({ projectDir: path.join(__dirname, "../.."), project: "traffic-paths" });
  await provider.configure({
    "alicloud:region": "cn-hangzhou",
    "alicloud:accessKey": DEFAULT_ACCESS_KEY_ID,
    "alicloud:secretKey": { value: DEFAULT_ACCESS_KEY_SECRET, secret: true },
    "alicloud-flowlog:endpoint": emulator.url,
  });
});
afterAll(async () => {
  await provider?.stop();
  await emulator?.stop();
});

const args = (extra: Record<string, unknown>): PropertyMap =>
  ({ resourceType: "VPC", resourceId: "vpc-demo0501", trafficType: "All", projectName: "flowlog-project", logStoreName: "flowlog-store", __provider: shim, ...extra }) as PropertyMap;

// [case, the list with one element not known yet, the same list fully known, extra args, rule the reason must name]
const CASES: ReadonlyArray<readonly [string, unknown[], unknown[], Record<string, unknown>, RegExp]> = [
  ["a known value repeated", [UNKNOWN, "natGateway", "natGateway"], ["vpnGateway", "natGateway", "natGateway"], {}, /must not repeat a value/],
  ["a known value in the wrong letter case", [UNKNOWN, "NatGateway"], ["vpnGateway", "NatGateway"], {}, /case-sensitive/],
  ["a known element that is not a string", [UNKNOWN, 5], ["vpnGateway", 5], {}, /must be a string/],
  ["two or more paths (never just [\"all\"]) with ipVersion DualStack", [UNKNOWN, "natGateway"], ["vpnGateway", "natGateway"], { ipVersion: "DualStack" }, /UserDefinedTrafficPathIpv6/],
];

describe("trafficPaths with one element not known at preview", () => {
  it.each(CASES)("%s: refused at preview as when fully known", async (_label, partlyUnknown, known, extra, rule) => {
    const whenKnown = await provider.check(URN, {}, args({ ...extra, trafficPaths: known }));
    expect(whenKnown.failures).toContainEqual({ property: "trafficPaths", reason: expect.stringMatching(rule) });
    const atPreview = await provider.check(URN, {}, args({ ...extra, trafficPaths: partlyUnknown }));
    expect(atPreview.failures).toContainEqual({ property: "trafficPaths", reason: expect.stringMatching(rule) });
  });

  it("what `up` meets once the value is known: the API refuses it (so preview had all it needed to say so)", async () => {
    const resolved = ["vpnGateway", "natGateway", "natGateway"];
    // check refuses the resolved list, so create is called with it directly, as `up` would after a passing preview.
    await expect(provider.create(URN, { ...args({ trafficPaths: resolved }), status: "Active", regionId: "cn-hangzhou", timeouts: { create: "30s", update: "30s", delete: "30s" } })).rejects.toThrow(
      /DuplicatedParam\.TrafficPath/,
    );
    expect(emulator.flowLogs()).toEqual([]);
  });

  it("one message per list: a repeat with DualStack is not also blamed for being custom; an unknown path is named so", async () => {
    const repeated = await provider.check(URN, {}, args({ trafficPaths: ["all", "all"], ipVersion: "DualStack" }));
    expect(repeated.failures).toEqual([{ property: "trafficPaths", reason: expect.stringMatching(/must not repeat a value; "all"/) }]);
    const custom = await provider.check(URN, {}, args({ trafficPaths: ["natGateway", UNKNOWN], ipVersion: "DualStack" }));
    expect(custom.failures).toEqual([{ property: "trafficPaths", reason: expect.stringContaining('got ["natGateway","(not known yet)"]') }]);
  });

  it("a list whose only element is unknown, or DualStack with [unknown]: nothing refused (it may be [\"all\"])", async () => {
    expect((await provider.check(URN, {}, args({ trafficPaths: [UNKNOWN] }))).failures).toEqual([]);
    expect((await provider.check(URN, {}, args({ trafficPaths: [UNKNOWN], ipVersion: "DualStack" }))).failures).toEqual([]);
  });
});
