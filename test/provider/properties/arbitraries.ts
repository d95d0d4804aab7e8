/**
 * fast-check arbitraries for FlowLog inputs and DescribeFlowLogs records, built from the published limits
 * (shared/api/CreateFlowLog.txt, shared/api/NOTES.md) and FlowLogArgs' docs (src/resource/flow-log-args.ts), not from
 * check.ts: a value here is valid because the documentation says so.
 */
import fc from "fast-check";
import { AGGREGATION_INTERVALS, IP_VERSIONS, RESOURCE_TYPES, TRAFFIC_PATHS, TRAFFIC_TYPES } from "../../../src/provider";

export const PREFIX = { VPC: "vpc-", VSwitch: "vsw-", NetworkInterface: "eni-" } as const;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Text of `min`-`max` UTF-16 code units, well formed (gRPC's UTF-8 cannot carry a lone surrogate). */
export function utf16Text(min: number, max: number): fc.Arbitrary<string> {
  return fc
    .oneof(
      fc.string({ minLength: min, maxLength: Math.min(max, 40) }),
      fc.string({ unit: "grapheme", minLength: min, maxLength: Math.min(max, 40) }),
      fc.string({ unit: "binary", minLength: min, maxLength: max }),
      // Right at the limit: `max` units, emoji (2 units each) included.
      fc.constantFrom("x".repeat(max), "😀".repeat(Math.floor(max / 2)), "é".repeat(max)),
    )
    .filter((s) => s.length >= min && s.length <= max && !LONE_SURROGATE.test(s));
}

/** Free text for flowLogName / description: 1-max units, not starting with http:// or https:// (CreateFlowLog page). */
export const freeText = (max: number) => utf16Text(1, max).filter((s) => !/^https?:\/\//i.test(s));

/** A tag key or value the VPC tag rules allow (api NOTES.md: no aliyun / acs: prefix, no http:// or https:// anywhere). */
const tagText = (min: number) =>
  utf16Text(min, 128).filter((s) => !/^(aliyun|acs:)/i.test(s) && !/https?:\/\//i.test(s) && s !== "__proto__");

export const tagKey = tagText(1);
export const tagValue = tagText(0);

export const tagsArb = fc.dictionary(tagKey, tagValue, { maxKeys: 20, noNullPrototype: true });

/** SLS names (api NOTES.md): 3-63, lower-case letters, digits, hyphens (and underscores for a logstore), alphanumeric ends. */
export const projectName = fc.stringMatching(/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/);
export const logStoreName = fc.stringMatching(/^[a-z0-9][a-z0-9_-]{1,61}[a-z0-9]$/);

export const resourceGroupId = fc.stringMatching(/^rg-[A-Za-z0-9]{1,20}$/);
export const regionId = fc.constantFrom("cn-hangzhou", "cn-shanghai", "ap-southeast-1", "eu-central-1", "us-west-1", "cn-north-2-gov-1");

/** A Go duration string of at most 24h and at least 1ms ("90s", "1h30m", "1.5m", "500ms"). */
export const durationText = fc.oneof(
  fc.integer({ min: 1, max: 24 }).map((h) => `${h}h`),
  fc.integer({ min: 1, max: 1440 }).map((m) => `${m}m`),
  fc.integer({ min: 1, max: 86_400 }).map((s) => `${s}s`),
  fc.integer({ min: 1, max: 86_400_000 }).map((ms) => `${ms}ms`),
  fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 1, max: 59 })).map(([h, m]) => `${h}h${m}m`),
  fc.integer({ min: 1, max: 99 }).map((tenths) => `${tenths / 10}m`),
);

export const timeoutsArb = fc.record(
  { create: durationText, update: durationText, delete: durationText },
  { requiredKeys: [], noNullPrototype: true },
);

export interface ValidArgs {
  [key: string]: unknown;
}

/** Custom traffic paths: a non-empty subset of the documented list, in any order, no duplicates. */
const customPaths = fc.shuffledSubarray([...TRAFFIC_PATHS], { minLength: 1 });

/**
 * FlowLog args every published rule allows. A custom traffic path list never goes with DualStack
 * (UnsupportedFeature.UserDefinedTrafficPathIpv6).
 */
export const validArgs: fc.Arbitrary<ValidArgs> = fc
  .record(
    {
      resourceType: fc.constantFrom(...RESOURCE_TYPES),
      idTail: fc.stringMatching(/^[a-z0-9]{1,30}$/),
      trafficType: fc.constantFrom(...TRAFFIC_TYPES),
      projectName,
      logStoreName,
      flowLogName: freeText(128),
      description: freeText(256),
      aggregationInterval: fc.constantFrom(...AGGREGATION_INTERVALS),
      trafficPaths: fc.oneof(fc.constant<string[]>([]), fc.constant(["all"]), customPaths),
      resourceGroupId,
      tags: tagsArb,
      ipVersion: fc.constantFrom(...IP_VERSIONS),
      regionId,
      status: fc.constantFrom("Active", "Inactive"),
      timeouts: timeoutsArb,
    },
    { requiredKeys: ["resourceType", "idTail", "trafficType", "projectName", "logStoreName"], noNullPrototype: true },
  )
  .map(({ idTail, ...rest }) => {
    const args: ValidArgs = { ...rest, resourceId: `${PREFIX[rest.resourceType]}${idTail}` };
    const paths = args.trafficPaths as string[] | undefined;
    if (args.ipVersion === "DualStack" && paths !== undefined && !(paths.length === 0 || (paths.length === 1 && paths[0] === "all"))) {
      delete args.ipVersion;
    }
    return args;
  });

/** The fields ModifyFlowLogAttribute, Active/DeactiveFlowLog, (Un)TagResources and MoveResourceGroup change (api NOTES.md). */
export const API_MODIFIABLE = ["flowLogName", "description", "aggregationInterval", "ipVersion", "status", "tags", "resourceGroupId"] as const;
/** Fields no API action changes (CreateFlowLog only), plus the region a flow log lives in. */
export const API_FIXED = ["resourceType", "resourceId", "trafficType", "projectName", "logStoreName", "trafficPaths", "regionId"] as const;
