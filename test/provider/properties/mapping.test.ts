/**
 * Properties of mapping (src/provider/mapping.ts), tags (src/provider/tags.ts) and update-plan
 * (src/provider/update-plan.ts) over DescribeFlowLogs records shaped as api NOTES.md describes them (21 fields, scalars as
 * strings or numbers, lists bare or wrapped once, system tags present).
 *
 * Promise under test (read.ts, README "Adopt an existing flow log"): read returns outputs and inputs made from one
 * record; those inputs must pass check and show no diff against those outputs, or `import` and `refresh` would report
 * changes to a flow log nobody touched.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  checkFlowLogInputs,
  diffFlowLog,
  inputsFromCloud,
  parseCloudFlowLog,
  parseFlowLogList,
  planUpdate,
  tagChanges,
  toOutputs,
  userTags,
} from "../../../src/provider";
import { logStoreName, PREFIX, projectName, regionId, resourceGroupId, tagKey, tagsArb, tagValue, timeoutsArb, utf16Text } from "./arbitraries";

const RUNS = { numRuns: Number(process.env.PROPERTY_RUNS_PURE ?? 300) };
const NO_CHANGE = { changes: false, replaces: [], updates: [], deleteBeforeReplace: false };

const asStringOrNumber = (n: number) => fc.constantFrom<string | number>(n, String(n));
const systemTag = fc.constantFrom("acs:rm:rgId", "aliyun:created-by", "ACS:tag", "Aliyun-x").chain((Key) => fc.record({ Key: fc.constant(Key), Value: fc.string() }));

/** A settled DescribeFlowLogs FlowLog record the API's own rules allow. */
const describedRecord = fc
  .record({
    type: fc.constantFrom("VPC", "VSwitch", "NetworkInterface" as const),
    tail: fc.stringMatching(/^[a-z0-9]{1,20}$/),
    FlowLogId: fc.stringMatching(/^fl-[a-z0-9]{4,20}$/),
    FlowLogName: fc.option(utf16Text(1, 128).filter((s) => !/^https?:\/\//i.test(s)), { nil: undefined }),
    Description: fc.option(utf16Text(1, 256).filter((s) => !/^https?:\/\//i.test(s)), { nil: undefined }),
    RegionId: regionId,
    TrafficType: fc.constantFrom("All", "Allow", "Drop"),
    ProjectName: projectName,
    LogStoreName: logStoreName,
    AggregationInterval: fc.option(fc.constantFrom(1, 5, 10).chain(asStringOrNumber), { nil: undefined }),
    paths: fc.oneof(fc.constant<string[]>([]), fc.constant<string[]>(["all"]), fc.shuffledSubarray<string>(["natGateway", "vpnGateway", "vbr", "ecr", "all"], { minLength: 1 })),
    wrapPaths: fc.boolean(),
    ResourceGroupId: resourceGroupId,
    userTags: tagsArb,
    systemTags: fc.array(systemTag, { maxLength: 3 }),
    wrapTags: fc.boolean(),
    IpVersion: fc.constantFrom("", "IPv4", "DualStack"),
    Status: fc.constantFrom("Active", "Inactive"),
    BusinessStatus: fc.constantFrom("Normal", "FinancialLocked"),
    CreationTime: fc.constant("2022-01-21T03:08:50Z"),
    FlowLogDeliverStatus: fc.constantFrom("SUCCESS", "FAILED", ""),
    FlowLogDeliverErrorMessage: fc.constantFrom("UnavaliableTarget", "ProjectNotExist", "UnknownError", ""),
    ServiceType: fc.constant(""),
    LogFormat: fc.constantFrom("", "${version} ${srcaddr}"),
  })
  .map(({ type, tail, paths, wrapPaths, userTags: tags, systemTags, wrapTags, ...rest }) => {
    const custom = paths.some((p) => p !== "all") || paths.length > 1;
    const tagList = [...Object.entries(tags).map(([Key, Value]) => ({ Key, Value })), ...systemTags];
    const record: Record<string, unknown> = {
      ...rest,
      // A dual-stack flow log cannot have custom paths (UnsupportedFeature.UserDefinedTrafficPathIpv6).
      IpVersion: custom && rest.IpVersion === "DualStack" ? "IPv4" : rest.IpVersion,
      ResourceType: type,
      ResourceId: `${PREFIX[type]}${tail}`,
      TrafficPath: wrapPaths ? { TrafficPathList: paths } : paths,
      Tags: wrapTags ? { Tag: tagList } : tagList,
    };
    for (const key of Object.keys(record)) if (record[key] === undefined) delete record[key];
    return record;
  });

describe("mapping round trip: DescribeFlowLogs record -> read's outputs and inputs", () => {
  it("read's inputs pass check, and check changes nothing in them", () => {
    fc.assert(
      fc.property(describedRecord, fc.option(timeoutsArb, { nil: undefined }), (raw, timeouts) => {
        const cloud = parseCloudFlowLog(raw)!;
        const inputs = inputsFromCloud(cloud, timeouts, "cn-hangzhou");
        const result = checkFlowLogInputs(inputs as unknown as Record<string, unknown>, {});
        expect(result.failures).toEqual([]);
        expect(result.inputs).toEqual(inputs);
      }),
      RUNS,
    );
  });

  it("read's outputs and inputs show no diff, before and after check", () => {
    fc.assert(
      fc.property(describedRecord, fc.option(timeoutsArb, { nil: undefined }), (raw, timeouts) => {
        const cloud = parseCloudFlowLog(raw)!;
        const inputs = inputsFromCloud(cloud, timeouts, "cn-hangzhou");
        const outputs = toOutputs(cloud, inputs.timeouts, "cn-hangzhou");
        expect(diffFlowLog(outputs as never, inputs as never)).toEqual(NO_CHANGE);
        expect(diffFlowLog(outputs as never, checkFlowLogInputs(inputs as never, {}).inputs as never)).toEqual(NO_CHANGE);
        expect(planUpdate(cloud, inputs)).toEqual([]);
      }),
      RUNS,
    );
  });

  it("outputs are plain JSON (no undefined, Date or bigint: the gRPC Struct conversion must not fail after create)", () => {
    fc.assert(
      fc.property(describedRecord, (raw) => {
        const cloud = parseCloudFlowLog(raw)!;
        const outputs = toOutputs(cloud, { create: "10m", update: "10m", delete: "10m" }, "cn-hangzhou");
        expect(JSON.parse(JSON.stringify(outputs))).toEqual(outputs);
        const walk = (value: unknown): void => {
          expect(value === undefined || typeof value === "bigint" || value instanceof Date).toBe(false);
          if (typeof value === "object" && value !== null) for (const v of Object.values(value)) walk(v);
        };
        walk(outputs);
      }),
      RUNS,
    );
  });

  it("numbers given as strings, lists given bare or wrapped, and a page of records parse alike", () => {
    fc.assert(
      fc.property(describedRecord, (raw) => {
        const parsed = parseCloudFlowLog(raw)!;
        const numeric = { ...raw, AggregationInterval: raw.AggregationInterval === undefined ? undefined : Number(raw.AggregationInterval) };
        if (numeric.AggregationInterval === undefined) delete numeric.AggregationInterval;
        expect(parseCloudFlowLog(numeric)).toEqual(parsed);
        expect(parseFlowLogList({ FlowLogs: { FlowLog: [raw] } })).toEqual([parsed]);
        expect(parseFlowLogList([raw, { FlowLogName: "no id" }])).toEqual([parsed]);
        // System tags are kept in the parsed record (callers filter) and left out of the outputs.
        expect(toOutputs(parsed, { create: "1m", update: "1m", delete: "1m" }, "x").tags).toEqual(userTags(parsed.tags));
      }),
      RUNS,
    );
  });
});

describe("robustness over any DescribeFlowLogs answer", () => {
  it("parseCloudFlowLog and planUpdate never throw on any JSON record, and the outputs stay plain JSON", () => {
    const fields = ["FlowLogId", "FlowLogName", "Description", "Status", "AggregationInterval", "TrafficPath", "Tags", "IpVersion", "ResourceGroupId", "RegionId"];
    const record = fc.dictionary(fc.constantFrom(...fields), fc.jsonValue({ maxDepth: 3 }), { noNullPrototype: true }).map((r) => ({ FlowLogId: "fl-x", ...r }));
    fc.assert(
      fc.property(record, fc.constantFrom<"Active" | "Inactive">("Active", "Inactive"), (raw, status) => {
        const cloud = parseCloudFlowLog(raw);
        if (cloud === undefined) return;
        planUpdate(cloud, { resourceType: "VPC", resourceId: "vpc-1", trafficType: "All", projectName: "abc", logStoreName: "abc", status, timeouts: { create: "1m", update: "1m", delete: "1m" }, tags: { a: "b" }, flowLogName: "n" });
        const outputs = toOutputs(cloud, { create: "1m", update: "1m", delete: "1m" }, "cn-hangzhou");
        expect(JSON.parse(JSON.stringify(outputs))).toEqual(outputs);
      }),
      RUNS,
    );
  });
});

describe("tags", () => {
  const withSystem = fc.tuple(tagsArb, fc.dictionary(fc.constantFrom("acs:rm:rgId", "aliyun:x", "ACS:y"), fc.string(), { noNullPrototype: true }));

  it("tagChanges(current, desired) applied to current gives desired (user tags) and never touches system tags", () => {
    fc.assert(
      fc.property(withSystem, tagsArb, ([user, system], desired) => {
        const current = { ...user, ...system };
        const { set, remove } = tagChanges(current, desired);
        const after: Record<string, string> = { ...current };
        for (const key of remove) delete after[key];
        for (const { key, value } of set) after[key] = value;
        expect(userTags(after)).toEqual(desired);
        for (const key of Object.keys(system)) expect(after[key]).toBe(system[key]);
        // Nothing asked that is not needed.
        for (const { key, value } of set) expect(current[key]).not.toBe(value);
        for (const key of remove) expect(Object.hasOwn(desired, key)).toBe(false);
      }),
      RUNS,
    );
  });

  it("untag before tag never exceeds the 20-tag quota (the plan removes first)", () => {
    fc.assert(
      fc.property(tagsArb, tagsArb, (current, desired) => {
        const { set, remove } = tagChanges(current, desired);
        const afterRemove = Object.keys(current).filter((key) => !remove.includes(key));
        const afterSet = new Set([...afterRemove, ...set.map((t) => t.key)]);
        expect(afterSet.size).toBeLessThanOrEqual(20);
      }),
      RUNS,
    );
  });

  it("a tag key or value made only of characters allowed is kept by check, whatever its letters (keys such as constructor)", () => {
    fc.assert(
      fc.property(fc.constantFrom("constructor", "toString", "hasOwnProperty", "valueOf"), tagKey, tagValue, (proto, key, value) => {
        const tags = Object.fromEntries([[proto, value], [key, value]]);
        const result = checkFlowLogInputs(
          { resourceType: "VPC", resourceId: "vpc-1", trafficType: "All", projectName: "abc", logStoreName: "abc", tags },
          { regionId: "cn-hangzhou" },
        );
        expect(result.failures).toEqual([]);
        expect(result.inputs.tags).toEqual(tags);
      }),
      RUNS,
    );
  });
});
