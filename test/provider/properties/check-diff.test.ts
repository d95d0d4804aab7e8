/**
 * Properties of check (src/provider/check.ts) and diff (src/provider/diff.ts): what README.md, FlowLogArgs'
 * docs and the Pulumi contract (shared/pulumi/NOTES.md) promise for every input, not for hand-picked ones.
 *
 * Set semantics assumed: `tags` is a map (order of keys carries nothing); `trafficPaths` is a set (FlowLogArgs:
 * "Order does not matter", and CreateFlowLog refuses duplicates, DuplicatedParam.TrafficPath). Nothing else is a list.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkFlowLogInputs, cloudFromInputs, diffFlowLog, FlowLogProvider, OUTPUT_NAMES, toOutputs, UNKNOWN, userTags } from "../../../src/provider";
import { API_FIXED, API_MODIFIABLE, freeText, tagsArb, validArgs, type ValidArgs } from "./arbitraries";

const RUNS = { numRuns: 300 };
const NO_CHANGE = { changes: false, replaces: [], updates: [], deleteBeforeReplace: false };

function checked(news: Record<string, unknown>): Record<string, unknown> {
  const { inputs, failures } = checkFlowLogInputs(news, { regionId: "cn-hangzhou" });
  expect(failures).toEqual([]);
  return inputs as unknown as Record<string, unknown>;
}

/**
 * The outputs create stores for these checked inputs, as the cloud would report them: the service's defaults for what
 * was left out (IPv4 reported as "", interval 10, paths ["all"], the default group), a system tag added.
 */
function outputsFor(inputs: Record<string, unknown>): Record<string, unknown> {
  const cloud = cloudFromInputs(inputs as never, "fl-test0001", String(inputs.regionId), String(inputs.status));
  if (cloud.trafficPaths.length === 0) cloud.trafficPaths = ["all"];
  if (cloud.resourceGroupId === "") cloud.resourceGroupId = "rg-acfmdefault0001";
  cloud.aggregationInterval ??= 10;
  cloud.tags = { ...cloud.tags, "acs:rm:rgId": cloud.resourceGroupId };
  return { ...toOutputs(cloud, inputs.timeouts as never, "cn-hangzhou") };
}

const shuffled = <T>(list: readonly T[], seed: number): T[] => {
  const copy = [...list];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = (seed * (i + 7)) % (i + 1);
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
};

describe("check: valid inputs", () => {
  it("accepts every input the published limits allow (CreateFlowLog page, FlowLogArgs docs)", () => {
    fc.assert(
      fc.property(validArgs, (args) => {
        expect(checkFlowLogInputs(args, {}).failures).toEqual([]);
      }),
      RUNS,
    );
  });

  it("is idempotent: check(check(news).inputs) gives the same inputs and no failures", () => {
    fc.assert(
      fc.property(validArgs, (args) => {
        const once = checked(args);
        const twice = checkFlowLogInputs(once, { regionId: "cn-hangzhou" });
        expect(twice.failures).toEqual([]);
        expect(twice.inputs).toEqual(once);
      }),
      RUNS,
    );
  });

  it("is idempotent through the provider too (olds = the last checked inputs)", async () => {
    const provider = new FlowLogProvider({ env: { ALIBABA_CLOUD_REGION: "cn-qingdao" } });
    await fc.assert(
      fc.asyncProperty(validArgs, async (args) => {
        const once = await provider.check({}, args);
        expect(once.failures).toEqual([]);
        const twice = await provider.check(once.inputs!, once.inputs!);
        expect(twice.failures).toEqual([]);
        expect(twice.inputs).toEqual(once.inputs);
      }),
      { numRuns: 100 },
    );
  });

  it("ignores output names given as arguments (README: output names such as flowLogId are ignored)", () => {
    const outputOnly = ["flowLogId", "businessStatus", "creationTime", "flowLogDeliverStatus", "flowLogDeliverErrorMessage", "logFormat", "serviceType"];
    fc.assert(
      fc.property(validArgs, fc.constantFrom(...outputOnly), fc.jsonValue(), (args, name, junk) => {
        expect(OUTPUT_NAMES).toContain(name);
        expect(checkFlowLogInputs({ ...args, [name]: junk }, {})).toEqual(checkFlowLogInputs(args, {}));
      }),
      RUNS,
    );
  });
});

describe("diff: a function of the checked inputs only", () => {
  it("diff(x, x) after check reports no change", () => {
    fc.assert(fc.property(validArgs, (args) => {
      const inputs = checked(args);
      expect(diffFlowLog(inputs, inputs)).toEqual(NO_CHANGE);
    }), RUNS);
  });

  it("the outputs of a flow log made from x show no change against x (service defaults and system tags aside)", () => {
    fc.assert(fc.property(validArgs, (args) => {
      const inputs = checked(args);
      expect(diffFlowLog(outputsFor(inputs), inputs)).toEqual(NO_CHANGE);
    }), RUNS);
  });

  it("spellings check normalizes do not matter: interval as text, durations of equal length, key and path order", () => {
    fc.assert(
      fc.property(validArgs, fc.nat(), (args, seed) => {
        const olds = outputsFor(checked(args));
        const other: ValidArgs = { ...args };
        if (typeof args.aggregationInterval === "number") other.aggregationInterval = String(args.aggregationInterval);
        if (Array.isArray(args.trafficPaths)) other.trafficPaths = shuffled(args.trafficPaths as string[], seed);
        if (args.tags !== undefined) other.tags = Object.fromEntries(shuffled(Object.entries(args.tags as Record<string, string>), seed));
        // "10m" spelled as "600s", an absent timeout as its default.
        const t = (args.timeouts ?? {}) as Record<string, string>;
        other.timeouts = { create: t.create ?? "600s", update: t.update ?? "10m0s", delete: t.delete ?? "600000ms" };
        expect(diffFlowLog(olds, checked(other))).toEqual(diffFlowLog(olds, checked(args)));
        expect(diffFlowLog(olds, checked(other))).toEqual(NO_CHANGE);
      }),
      RUNS,
    );
  });

  it("leaving an optional argument out never shows a change (README: an optional argument left out is not managed)", () => {
    const optional = ["flowLogName", "description", "aggregationInterval", "trafficPaths", "resourceGroupId", "tags", "ipVersion"];
    fc.assert(
      fc.property(validArgs, validArgs, fc.subarray(optional, { minLength: 1 }), (stored, args, dropped) => {
        // The stored flow log differs from args only in the dropped fields.
        const drifted: ValidArgs = { ...args };
        for (const field of dropped) if (stored[field] !== undefined) drifted[field] = stored[field];
        if (drifted.ipVersion === "DualStack" && Array.isArray(drifted.trafficPaths) && drifted.trafficPaths.some((p) => p !== "all")) return;
        const olds = outputsFor(checked(drifted));
        const news: ValidArgs = { ...args };
        for (const field of dropped) delete news[field];
        expect(diffFlowLog(olds, checked(news))).toEqual(NO_CHANGE);
      }),
      RUNS,
    );
  });
});

/** A second value for `field`, different from `args[field]` as the service sees it. */
function otherValue(field: string): fc.Arbitrary<unknown> {
  switch (field) {
    case "resourceType":
      return fc.constant("NetworkInterface");
    case "resourceId":
      return fc.stringMatching(/^[a-z0-9]{1,10}$/).map((tail) => `vpc-zz${tail}`);
    case "trafficType":
      return fc.constantFrom("All", "Allow", "Drop");
    case "projectName":
    case "logStoreName":
      return fc.stringMatching(/^zz[a-z0-9]{1,10}$/);
    case "trafficPaths":
      return fc.constantFrom(["natGateway"], ["vpnGateway", "vbr"]);
    case "regionId":
      return fc.constantFrom("cn-beijing", "cn-qingdao");
    case "flowLogName":
      return freeText(128);
    case "description":
      return freeText(256);
    case "aggregationInterval":
      return fc.constantFrom(1, 5, 10);
    case "ipVersion":
      return fc.constantFrom("IPv4", "DualStack");
    case "status":
      return fc.constantFrom("Active", "Inactive");
    case "tags":
      return tagsArb;
    case "resourceGroupId":
      return fc.stringMatching(/^rg-zz[a-z0-9]{1,8}$/);
    default:
      throw new Error(field);
  }
}

/** The service's view of a stored value and a new one: IPv4 for "", 10 for no interval, paths as a set with ["all"] as none. */
function sameAsStored(field: string, stored: unknown, wanted: unknown): boolean {
  const norm = (value: unknown): unknown => {
    if (field === "ipVersion") return value === "" || value === undefined ? "IPv4" : value;
    if (field === "aggregationInterval") return value === undefined ? 10 : Number(value);
    if (field === "trafficPaths") {
      const list = [...((value as string[] | undefined) ?? [])].sort();
      return JSON.stringify(list.length === 1 && list[0] === "all" ? [] : list);
    }
    if (field === "tags") return JSON.stringify(Object.entries(userTags(value as never)).sort());
    return JSON.stringify(value);
  };
  return norm(stored) === norm(wanted);
}

describe("diff: replace exactly what no API can modify (api NOTES.md, Actions table)", () => {
  const fields = [...API_FIXED, ...API_MODIFIABLE];
  it("a change of one field is a replace iff no action modifies that field, and an in-place update otherwise", () => {
    fc.assert(
      fc.property(
        validArgs.filter((a) => a.ipVersion !== "DualStack"),
        fc.constantFrom(...fields).chain((field) => fc.tuple(fc.constant(field), otherValue(field))),
        (args, [field, value]) => {
          const olds = outputsFor(checked(args));
          const changedArgs: ValidArgs = { ...args, [field]: value };
          if (field === "resourceType") changedArgs.resourceId = `eni-${String(args.resourceId).slice(4)}`;
          if (field === "resourceId") changedArgs.resourceId = `${String(args.resourceId).slice(0, 4)}${String(value).slice(4)}`;
          const paths = (changedArgs.trafficPaths ?? []) as string[];
          if (changedArgs.ipVersion === "DualStack" && paths.some((p) => p !== "all")) return;
          const news = checked(changedArgs);
          const result = diffFlowLog(olds, news);
          if (sameAsStored(field, olds[field], news[field])) return;
          if ((API_FIXED as readonly string[]).includes(field)) {
            expect(result.replaces).toContain(field);
          } else {
            expect(result.replaces).toEqual([]);
          }
          expect(result.changes).toBe(true);
        },
      ),
      RUNS,
    );
  });

  it("deleteBeforeReplace exactly when the replacement captures the same resource in the same region", () => {
    fc.assert(
      fc.property(validArgs, fc.constantFrom(...API_FIXED), (args, field) => {
        const olds = outputsFor(checked(args));
        const news = { ...checked(args) };
        news[field] = field === "resourceId" ? `${String(args.resourceId)}x` : field === "trafficPaths" ? ["zzPath"] : field === "resourceType" ? "zz" : `${String(news[field])}-x`;
        const result = diffFlowLog(olds, news);
        expect(result.replaces).toEqual([field]);
        expect(result.deleteBeforeReplace).toBe(field !== "resourceId" && field !== "regionId");
      }),
      RUNS,
    );
  });
});

describe("unknown values (preview)", () => {
  const ALL_FIELDS = ["resourceType", "resourceId", "trafficType", "projectName", "logStoreName", "flowLogName", "description", "aggregationInterval", "trafficPaths", "resourceGroupId", "tags", "ipVersion", "regionId", "status", "timeouts"];

  it("never fail check: any subset of fields unknown, or unknown inside lists, maps and timeouts", () => {
    fc.assert(
      fc.property(validArgs, fc.subarray(ALL_FIELDS), fc.boolean(), (args, unknownFields, nested) => {
        const news: ValidArgs = { ...args };
        for (const field of unknownFields) news[field] = UNKNOWN;
        if (nested) {
          // One path of a valid list not known yet (it may still resolve to the path it replaces): its known paths are
          // still judged, so an unknown added beside them could be refused (["all", unknown] with DualStack).
          if (Array.isArray(news.trafficPaths)) news.trafficPaths = [...(news.trafficPaths as string[]).slice(1), UNKNOWN];
          if (typeof news.tags === "object" && news.tags !== null) news.tags = { ...(news.tags as object), later: UNKNOWN };
          if (typeof news.timeouts === "object" && news.timeouts !== null) news.timeouts = { ...(news.timeouts as object), delete: UNKNOWN };
        }
        if (nested && Object.keys((news.tags ?? {}) as object).length > 20) return;
        expect(checkFlowLogInputs(news, { regionId: "cn-hangzhou" }).failures).toEqual([]);
      }),
      RUNS,
    );
  });

  it("an unknown field always shows as a possible change in diff (never hidden)", () => {
    fc.assert(
      fc.property(validArgs, fc.constantFrom(...API_FIXED, ...API_MODIFIABLE, "timeouts"), (args, field) => {
        const inputs = checked(args);
        const news = { ...inputs, [field]: UNKNOWN };
        const result = diffFlowLog(outputsFor(inputs), news);
        expect(result.changes).toBe(true);
        expect([...result.replaces, ...result.updates]).toContain(field);
      }),
      RUNS,
    );
  });
});

describe("robustness over any stored state (older versions, hand-edited state)", () => {
  it("diff never throws, whatever JSON the stored outputs hold, and always sets changes", () => {
    const stored = fc.dictionary(fc.constantFrom(...API_FIXED, ...API_MODIFIABLE, "timeouts", "flowLogId"), fc.jsonValue({ maxDepth: 2 }), { noNullPrototype: true });
    fc.assert(
      fc.property(stored, validArgs, (olds, args) => {
        const result = diffFlowLog(olds, checked(args));
        expect(typeof result.changes).toBe("boolean");
        for (const field of result.replaces) expect(API_FIXED as readonly string[]).toContain(field);
      }),
      RUNS,
    );
  });

  // fc.jsonValue's keys include JavaScript's own names (toString, valueOf...): seeds that stored {"toString": 0} made diff
  // call Number() / String() on it, which throws "Cannot convert object to primitive value".
  it("stored values that cannot be converted to a primitive are a change, not a throw", () => {
    const news = checked({ resourceType: "VPC", resourceId: "vpc-0", trafficType: "All", projectName: "000", logStoreName: "a0a", aggregationInterval: 1, trafficPaths: ["all"], timeouts: { create: "1m" } });
    const cases: Array<[string, unknown]> = [
      ["aggregationInterval", { toString: 0 }],
      ["aggregationInterval", [{ toString: null }]],
      ["trafficPaths", [{ toString: 0 }]],
      ["timeouts", { create: { toString: 0 } }],
    ];
    for (const [field, stored] of cases) {
      const result = diffFlowLog({ [field]: JSON.parse(JSON.stringify(stored)) }, news);
      expect(result.changes, `${field}: ${JSON.stringify(stored)}`).toBe(true);
    }
  });
});
