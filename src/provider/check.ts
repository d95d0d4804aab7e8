/**
 * check: validate a FlowLog's inputs before any API call, so a bad value fails `pulumi preview` with the
 * field and the rule named. Rules follow the CreateFlowLog page (shared/api/CreateFlowLog.txt) and the
 * list in issue 5. Values Pulumi does not know yet (preview) arrive as the `UNKNOWN` sentinel and are
 * never rejected.
 */
import { closest, distance } from "fastest-levenshtein";
import { z } from "zod";
import { timeoutRule } from "./duration";
import { fullTimeouts } from "./mapping";
import {
  AGGREGATION_INTERVALS,
  DESIRED_STATUSES,
  IP_VERSIONS,
  OUTPUT_NAMES,
  RESOURCE_TYPES,
  TRAFFIC_PATHS,
  TRAFFIC_TYPES,
  UNKNOWN,
  type FlowLogInputs,
  type FlowLogResourceType,
} from "./types";

/** One rejected property, as Pulumi's CheckFailure wants it. */
export interface CheckFailure {
  readonly property: string;
  readonly reason: string;
}

/** Normalized inputs (unknown values passed through untouched) and the failures, if any. */
export interface CheckResult {
  readonly inputs: FlowLogInputs;
  readonly failures: CheckFailure[];
}

/** Defaults that come from the provider's configuration rather than the program. */
export interface CheckDefaults {
  /** Region used when the program sets no `regionId` (config `alicloud:region` or the environment). */
  readonly regionId?: string;
}

/** The prefix a resourceId must have for each resourceType. */
export const RESOURCE_ID_PREFIXES: Readonly<Record<FlowLogResourceType, string>> = {
  VPC: "vpc-",
  VSwitch: "vsw-",
  NetworkInterface: "eni-",
};

const MAX_TAGS = 20;

function show(value: unknown): string {
  const text = typeof value === "string" ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
  if (text.length <= 80) return text;
  // Never cut an emoji (a surrogate pair) in half: the CLI would print a replacement character.
  const end = /[\uD800-\uDBFF]/.test(text[76] ?? "") ? 76 : 77;
  return `${text.slice(0, end)}...`;
}

/**
 * A value that may be free text or an ID (names, descriptions, SLS names, IDs, tag values) is never quoted back: a dynamic
 * provider gets pulumi.secret() values in plain text (acceptSecrets false, pulumi NOTES.md) and cannot tell them apart,
 * while the CLI prints a check failure as it is. Such a value is described by its kind and size instead; enum values,
 * durations, property names and tag keys (labels, in the program) are still quoted with {@link show}.
 */
function outline(value: unknown): string {
  if (typeof value === "string") return `a string of ${value.length} characters`;
  if (Array.isArray(value)) return `a list of ${value.length} items`;
  if (value === null || value === undefined) return String(value);
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/**
 * A value checked against a fixed set (an enum, a duration, a traffic path): quoted when it is a scalar, which is how a
 * typo of such a value looks; described by {@link outline} when it is a list or a map, which may hold anything.
 */
function showChoice(value: unknown): string {
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? show(value) : outline(value);
}

/** True when the value is, or contains anywhere, Pulumi's unknown sentinel. */
export function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (typeof value === "object" && value !== null) return Object.values(value).some(containsUnknown);
  return false;
}

const startsWithUrl = (value: string): boolean => /^https?:\/\//i.test(value);

function enumOf<T extends string>(name: string, values: readonly [T, ...T[]]) {
  return z.enum(values, { error: (issue) => `${name} must be one of ${values.join(", ")}; got ${showChoice(issue.input)}` });
}

/**
 * Lengths are counted in UTF-16 code units (an emoji counts 2), as Java's String.length() counts them: the
 * service runs on Java, and the emulator counts the same way, so a value check accepts is one create accepts.
 * (zod's own .max() counts differently, hence the explicit refine.)
 */
function maxLength(name: string, max: number) {
  return (value: string, ctx: z.RefinementCtx): void => {
    if (value.length > max) {
      ctx.addIssue({ code: "custom", message: `${name} must be at most ${max} characters (UTF-16 code units; an emoji counts 2); got ${value.length}` });
    }
  };
}

/** Free text (flowLogName, description): 1-`max` UTF-16 code units, not starting with a URL. Only the first rule broken is reported. */
function text(name: string, max: number) {
  return z.string({ error: (issue) => `${name} must be a string; got ${outline(issue.input)}` }).superRefine((value, ctx) => {
    if (value === "") ctx.addIssue({ code: "custom", message: `${name} must not be empty` });
    else if (startsWithUrl(value)) ctx.addIssue({ code: "custom", message: `${name} must not start with http:// or https://` });
    else maxLength(name, max)(value, ctx);
  });
}

/** SLS naming: 3-63 characters, lower-case letters, digits and hyphens (underscores too for a logstore), alphanumeric at both ends. */
function slsName(name: string, middle: string) {
  const pattern = new RegExp(`^[a-z0-9][${middle}]{1,61}[a-z0-9]$`);
  const kinds = middle.includes("_") ? "lower-case letters, digits, hyphens and underscores" : "lower-case letters, digits and hyphens";
  return z
    .string({ error: (issue) => `${name} must be a string; got ${outline(issue.input)}` })
    .regex(pattern, { error: (issue) => `${name} must be 3-63 ${kinds}, starting and ending with a letter or digit; got ${outline(issue.input)}` });
}

/**
 * Tag keys and values: not starting with aliyun or acs:, nor containing http:// or https:// anywhere (any letter case). The
 * official SDK's model docs (@alicloud/vpc20160428 7.3.2, CreateFlowLogRequestTag, TagResourcesRequestTag): "cannot start
 * with `aliyun` or `acs:`. It cannot contain `http://` or `https://`". The rule broken, or undefined.
 */
function reservedTagText(text: string): string | undefined {
  if (/^(aliyun|acs:)/i.test(text)) return "must not start with aliyun or acs:";
  if (/https?:\/\//i.test(text)) return "must not contain http:// or https://";
  return undefined;
}

/**
 * Up to 20 tags; keys 1-128 and values 0-128 UTF-16 code units. Every broken rule of every tag is reported at once, each
 * naming the tag's key. A value not known yet (preview) is skipped, but its key and the other tags are still checked.
 */
const tagMapSchema = z
  .record(z.string(), z.unknown(), { error: (issue) => `tags must be a map of strings; got ${outline(issue.input)}` })
  .superRefine((tags, ctx) => {
    const entries = Object.entries(tags);
    if (entries.length > MAX_TAGS) ctx.addIssue({ code: "custom", message: `tags may hold at most ${MAX_TAGS} entries; got ${entries.length}` });
    for (const [key, value] of entries) {
      const fail = (message: string) => ctx.addIssue({ code: "custom", message });
      // The API forbids the empty string only ("Do not specify an empty string"); a key of spaces is a key.
      // One message per tag: its key's first broken rule, else its value's.
      const keyProblem =
        key === ""
          ? "a tag key must not be empty"
          : key.length > 128
            ? `tag key ${show(key)} is longer than 128 characters (UTF-16 code units; an emoji counts 2)`
            : reservedTagText(key) && `tag key ${show(key)} ${reservedTagText(key)}`;
      if (keyProblem) {
        fail(keyProblem);
        continue;
      }
      if (value === UNKNOWN) continue;
      if (typeof value !== "string") fail(`the value of tag ${show(key)} must be a string; got ${outline(value)}`);
      else if (value.length > 128) fail(`the value of tag ${show(key)} is longer than 128 characters (UTF-16 code units; an emoji counts 2); got ${value.length}`);
      else if (reservedTagText(value)) fail(`the value of tag ${show(key)} ${reservedTagText(value)}`);
    }
  });

/**
 * A JavaScript object cannot carry a key named `__proto__` through a plain map (zod's record assigns it, which sets the
 * prototype instead): refused by name rather than silently dropped when it reaches check. Through Pulumi it never does
 * (its serializer and google-protobuf's Struct.toJavaScript both lose it): the FlowLog constructor refuses it instead.
 */
const tagsSchema = z.preprocess((tags, ctx) => {
  if (typeof tags === "object" && tags !== null && Object.hasOwn(tags, "__proto__")) {
    ctx.issues.push({ code: "custom", input: tags, message: 'tag key "__proto__" cannot be used: a JavaScript map cannot carry it' });
  }
  return tags;
}, tagMapSchema);

/**
 * A traffic path spelled like a known one in another letter case ("natgateway") is a typo the API would refuse
 * (IllegalParam.TrafficPath; values are case-sensitive). Other unknown values pass: the list grows (TRAFFIC_PATHS).
 */
function misspelledTrafficPath(path: string): string | undefined {
  const lower = path.toLowerCase();
  return TRAFFIC_PATHS.find((known) => known !== path && known.toLowerCase() === lower);
}

/** True for a traffic path of the API's list (TRAFFIC_PATHS): such a value is quoted in messages, any other is not. */
function isKnownTrafficPath(path: unknown): boolean {
  return (TRAFFIC_PATHS as readonly unknown[]).includes(path);
}

const durationSchema = (name: string) =>
  z
    .string({ error: (issue) => `${name} must be a duration string such as "10m" or "90s"; got ${showChoice(issue.input)}` })
    .superRefine((value, ctx) => {
      const rule = timeoutRule(value);
      if (rule !== undefined) ctx.addIssue({ code: "custom", message: `${name} must be ${rule}; got ${show(value)}` });
    });

/** One zod schema per argument; a property absent from the inputs is checked only by `REQUIRED`. */
export const FIELD_SCHEMAS = {
  resourceType: enumOf("resourceType", RESOURCE_TYPES),
  resourceId: z
    .string({ error: (issue) => `resourceId must be a string; got ${outline(issue.input)}` })
    .min(1, { error: "resourceId must not be empty" })
    .superRefine(maxLength("resourceId", 128)),
  trafficType: enumOf("trafficType", TRAFFIC_TYPES),
  projectName: slsName("projectName", "a-z0-9-"),
  logStoreName: slsName("logStoreName", "a-z0-9_-"),
  flowLogName: text("flowLogName", 128),
  description: text("description", 256),
  aggregationInterval: z.preprocess(
    (value) => (typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value),
    z.union(AGGREGATION_INTERVALS.map((minutes) => z.literal(minutes)), {
      error: (issue) => `aggregationInterval must be 1, 5 or 10 (minutes); got ${showChoice(issue.input)}`,
    }),
  ),
  trafficPaths: z
    .array(z.unknown(), { error: (issue) => `trafficPaths must be a list of strings; got ${outline(issue.input)}` })
    .superRefine((paths, ctx) => {
      const fail = (message: string) => ctx.addIssue({ code: "custom", message });
      // One message per distinct bad value: a value given twice is reported once, for its first broken rule.
      const reported = new Set<string>();
      paths.forEach((path, index) => {
        // Not known yet (preview): skipped; the known paths are still judged.
        if (path === UNKNOWN) return;
        const key = typeof path === "string" ? `string:${path}` : `${typeof path}:${show(path)}`;
        if (reported.has(key)) return;
        if (typeof path !== "string" || path === "") reported.add(key);
        if (typeof path !== "string") return fail(`trafficPaths[${index}] must be a string; got ${showChoice(path)}`);
        if (path === "") return fail(`trafficPaths[${index}] must not be empty`);
        const known = misspelledTrafficPath(path);
        if (known !== undefined) {
          reported.add(key);
          return fail(`trafficPaths values are case-sensitive: ${show(path)} should be ${show(known)}`);
        }
        const first = paths.indexOf(path);
        if (first !== index) {
          reported.add(key);
          // A value the list does not know may be anything (outline): it is named by its positions instead.
          const what = isKnownTrafficPath(path) ? show(path) : `trafficPaths[${first}] (not a known path)`;
          fail(`trafficPaths must not repeat a value; ${what} appears more than once`);
        }
      });
    })
    .transform((paths) => paths as string[]),
  resourceGroupId: z
    .string({ error: (issue) => `resourceGroupId must be a string; got ${outline(issue.input)}` })
    .regex(/^rg-[A-Za-z0-9]+$/, { error: (issue) => `resourceGroupId must look like rg-xxxxxxxx (letters and digits after rg-); got ${outline(issue.input)}` }),
  tags: tagsSchema,
  ipVersion: enumOf("ipVersion", IP_VERSIONS),
  regionId: z
    .string({ error: (issue) => `regionId must be a string; got ${outline(issue.input)}` })
    .regex(/^[a-z]+(-[a-z0-9]+)+$/, {
      error: (issue) => `regionId must be a region ID such as cn-hangzhou (lower-case letters, digits, hyphens); got ${outline(issue.input)}`,
    }),
  status: enumOf("status", DESIRED_STATUSES),
  importId: z
    .string({ error: (issue) => `importId (the \`import\` resource option) must be a FlowLogId string; got ${outline(issue.input)}` })
    .regex(/^fl-[A-Za-z0-9]+$/, {
      error: (issue) => `importId (the \`import\` resource option) must be a FlowLogId such as fl-bp1a2b3c (fl- then letters and digits); got ${outline(issue.input)}`,
    }),
} as const;

type Field = keyof typeof FIELD_SCHEMAS;
const REQUIRED: readonly Field[] = ["resourceType", "resourceId", "trafficType", "projectName", "logStoreName"];
const TIMEOUT_KEYS = ["create", "update", "delete"] as const;

/** Fields whose schema judges Pulumi's unknown sentinel inside them itself (a tag value, a traffic path not known yet). */
const SEES_UNKNOWNS: ReadonlySet<Field> = new Set<Field>(["tags", "trafficPaths"]);

/** Fields made of parts (tags, list items), each part with its own message; any other bad field gets one message. */
const PER_PART: ReadonlySet<Field> = new Set<Field>(["tags", "trafficPaths"]);

function checkField(field: Field, value: unknown, failures: CheckFailure[]): unknown {
  if (value === UNKNOWN || (containsUnknown(value) && !SEES_UNKNOWNS.has(field))) return value;
  const result = FIELD_SCHEMAS[field].safeParse(value);
  if (result.success) return result.data;
  const issues = PER_PART.has(field) ? result.error.issues : result.error.issues.slice(0, 1);
  for (const issue of issues) failures.push({ property: field, reason: issue.message });
  return value;
}

function checkTimeouts(value: unknown, failures: CheckFailure[]): FlowLogInputs["timeouts"] {
  if (value === undefined || value === null) return fullTimeouts(undefined);
  // Not known at preview: passed through, so diff shows a possible change (the defaults would hide one).
  if (value === UNKNOWN) return value as unknown as FlowLogInputs["timeouts"];
  if (typeof value !== "object" || Array.isArray(value)) {
    failures.push({ property: "timeouts", reason: `timeouts must be an object { create?, update?, delete? }; got ${showChoice(value)}` });
    return fullTimeouts(undefined);
  }
  const given = value as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    if (!(TIMEOUT_KEYS as readonly string[]).includes(key)) {
      failures.push({ property: `timeouts.${key}`, reason: `timeouts has only create, update and delete; got ${show(key)}` });
    }
  }
  const result: Record<string, string | undefined> = {};
  for (const key of TIMEOUT_KEYS) {
    if (given[key] === undefined) continue;
    if (given[key] === UNKNOWN) {
      result[key] = given[key] as string;
      continue;
    }
    const parsed = durationSchema(`timeouts.${key}`).safeParse(given[key]);
    if (parsed.success) result[key] = parsed.data;
    else for (const issue of parsed.error.issues) failures.push({ property: `timeouts.${key}`, reason: issue.message });
  }
  return fullTimeouts(result);
}

/** What a resourceId looks like, without quoting it ({@link outline}): the kind of ID its prefix names, if any. */
function idKind(resourceId: string): string {
  const kind = Object.entries(RESOURCE_ID_PREFIXES).find(([, prefix]) => resourceId.startsWith(prefix));
  return kind === undefined ? `${outline(resourceId)} without any of those prefixes` : `a ${kind[0]} ID (${kind[1]}...)`;
}

function checkResourceIdPrefix(inputs: Record<string, unknown>, failures: CheckFailure[]): void {
  const { resourceType, resourceId } = inputs;
  if (typeof resourceId !== "string" || typeof resourceType !== "string") return;
  // One message per field: an empty or overlong resourceId is already reported.
  if (failures.some((failure) => failure.property === "resourceId")) return;
  if (resourceId === UNKNOWN || resourceType === UNKNOWN) return;
  // An own key only: a resourceType such as "constructor" is refused by its own rule and must not blame the resourceId.
  const prefix = Object.hasOwn(RESOURCE_ID_PREFIXES, resourceType) ? RESOURCE_ID_PREFIXES[resourceType as FlowLogResourceType] : undefined;
  if (prefix !== undefined && !resourceId.startsWith(prefix)) {
    failures.push({ property: "resourceId", reason: `resourceId for resourceType ${resourceType} must start with "${prefix}"; got ${idKind(resourceId)}` });
  }
}

/**
 * CreateFlowLog page: "UnsupportedFeature.UserDefinedTrafficPathIpv6 | Dual-stack flow log instances do not support custom
 * trafficPath". Custom means anything but the default, `["all"]` (or no paths); ModifyFlowLogAttribute's ipVersion is
 * covered too, since check sees the whole desired state.
 */
function checkDualStackTrafficPaths(inputs: Readonly<Record<string, unknown>>, failures: CheckFailure[]): void {
  const paths = inputs.trafficPaths;
  if (inputs.ipVersion !== "DualStack" || !Array.isArray(paths)) return;
  // One message per field: a list already refused (a repeat, a typo) is not blamed twice.
  if (failures.some((failure) => failure.property === "trafficPaths")) return;
  // One path not known yet may still be "all"; two or more paths never are.
  if (paths.length === 0 || (paths.length === 1 && (paths[0] === "all" || paths[0] === UNKNOWN))) return;
  const known = paths.filter((path) => path !== UNKNOWN);
  const shown = known.every(isKnownTrafficPath) ? show(paths.map((path) => (path === UNKNOWN ? "(not known yet)" : path))) : outline(paths);
  failures.push({
    property: "trafficPaths",
    reason: `trafficPaths other than ["all"] cannot go with ipVersion DualStack (the API refuses it: UnsupportedFeature.UserDefinedTrafficPathIpv6); got ${shown}`,
  });
}

/** FlowLogArgs' names, for messages and suggestions: `importId` is the `import` option's input, not an argument to offer. */
const ARGUMENTS: readonly string[] = [...Object.keys(FIELD_SCHEMAS).filter((name) => name !== "importId"), "timeouts"];
const TOLERATED = new Set<string>([...ARGUMENTS, ...OUTPUT_NAMES, "importId", "__provider"]);

/** The argument a misspelt name most likely meant: the closest by edit distance, if within a third of its length. */
function nearestArgument(key: string): string | undefined {
  const candidate = closest(key.toLowerCase(), ARGUMENTS.map((name) => name.toLowerCase()));
  const index = ARGUMENTS.findIndex((name) => name.toLowerCase() === candidate);
  return distance(key.toLowerCase(), candidate) <= Math.max(1, Math.floor(key.length / 3)) ? ARGUMENTS[index] : undefined;
}

/**
 * A property FlowLog does not have is refused: from JavaScript a misspelling (`aggregationIntervall`) would
 * otherwise be dropped silently; the nearest argument is suggested. Output names are tolerated and dropped (they carry
 * no user intent).
 */
function checkUnknownProperties(news: Readonly<Record<string, unknown>>, failures: CheckFailure[]): void {
  for (const key of Object.keys(news)) {
    if (TOLERATED.has(key) || news[key] === undefined) continue;
    const nearest = nearestArgument(key);
    const hint = nearest === undefined ? "" : ` (did you mean ${nearest}?)`;
    failures.push({ property: key, reason: `FlowLog has no property ${show(key)}${hint}; it takes ${ARGUMENTS.join(", ")}` });
  }
}

/** The configured region as `regionId`, held to the same rule as a program's (else preview passes and up fails). */
function applyDefaultRegion(inputs: Record<string, unknown>, regionId: string, failures: CheckFailure[]): void {
  if (FIELD_SCHEMAS.regionId.safeParse(regionId).success) {
    inputs.regionId = regionId;
    return;
  }
  failures.push({
    property: "regionId",
    reason:
      "regionId defaults to the configured region (alicloud:region, else ALIBABA_CLOUD_REGION or ALICLOUD_REGION), which must be " +
      "a region ID such as cn-hangzhou (lower-case letters, digits, hyphens); set it there or give regionId",
  });
}

/**
 * Validates and normalizes `news`: applies `status` "Active", `timeouts` "10m" each and the configured
 * `regionId` when absent; refuses properties FlowLog does not have; keeps `__provider`.
 * `olds` are the previous inputs; they are not needed for any rule and are ignored.
 */
export function checkFlowLogInputs(news: Readonly<Record<string, unknown>>, defaults: CheckDefaults = {}): CheckResult {
  const failures: CheckFailure[] = [];
  const inputs: Record<string, unknown> = {};
  for (const field of Object.keys(FIELD_SCHEMAS) as Field[]) {
    const value = news[field];
    if (value === undefined || value === null) {
      if (REQUIRED.includes(field)) failures.push({ property: field, reason: `${field} is required` });
      continue;
    }
    inputs[field] = checkField(field, value, failures);
  }
  checkResourceIdPrefix(inputs, failures);
  checkDualStackTrafficPaths(inputs, failures);
  checkUnknownProperties(news, failures);
  inputs.timeouts = checkTimeouts(news.timeouts, failures);
  inputs.status ??= "Active";
  if (inputs.regionId === undefined && defaults.regionId !== undefined) applyDefaultRegion(inputs, defaults.regionId, failures);
  if (typeof news.__provider === "string") inputs.__provider = news.__provider;
  return { inputs: inputs as unknown as FlowLogInputs, failures };
}
