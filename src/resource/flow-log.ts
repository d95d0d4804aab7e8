import * as pulumi from "@pulumi/pulumi";
import { timeoutRule } from "../provider/duration";
import { flowLogProviderShim } from "../provider/shim";
import { OUTPUT_NAMES, type FlowLogTimeouts } from "../provider/types";
import type { FlowLogArgs } from "./flow-log-args";
import { registrableInputs } from "./registrable";

/** What {@link FlowLog.get} may be given besides the id. */
export interface FlowLogState {
  /** Region of the flow log (e.g. `cn-hangzhou`). Default: the configured region. */
  regionId?: pulumi.Input<string>;
}

/**
 * Pulumi's customTimeouts as FlowLog timeouts (the same duration strings: `"5m"`, `"1h30m"`), or undefined when none is
 * set (the SDK sends "" for an unset one). Checked here, where the message can name customTimeouts: check would blame
 * `timeouts`, which the program never set.
 * @throws pulumi.RunError for a value that is not a positive duration of at most 24h
 */
function timeoutsOf(name: string, custom: pulumi.CustomTimeouts | undefined): FlowLogTimeouts | undefined {
  if (custom === undefined) return undefined;
  const entries = (["create", "update", "delete"] as const).flatMap((key) => {
    const value = custom[key];
    if (value === undefined || value === "") return [];
    const rule = typeof value === "string" ? timeoutRule(value) : "a duration string";
    if (rule !== undefined) throw new pulumi.RunError(`FlowLog ${JSON.stringify(name)}: customTimeouts.${key} must be ${rule}; got ${JSON.stringify(value)}`);
    return [[key, value] as const];
  });
  return entries.length === 0 ? undefined : Object.fromEntries(entries);
}

/**
 * An Alibaba Cloud VPC flow log (VPC API 2016-04-28), registered as `pulumi-nodejs:dynamic/alicloud-flowlog:FlowLog`.
 *
 * `pulumi up` calls CreateFlowLog and returns once DescribeFlowLogs reports the flow log Active (and, for
 * `status: "Inactive"`, once it is stopped again). Outputs are what DescribeFlowLogs reports, so `pulumi refresh`
 * shows drift. Adopt an existing flow log with `new FlowLog(name, args, { import: "fl-..." })`.
 *
 * @example
 * const log = new FlowLog("web", { resourceType: "VPC", resourceId: "vpc-...", trafficType: "All",
 *   projectName: "flowlog-project", logStoreName: "flowlog-store" });
 * export const flowLogId = log.flowLogId;
 */
export class FlowLog extends pulumi.dynamic.Resource {
  /** The type token FlowLog registers under: `pulumi-nodejs:dynamic/<module>:<type>` (dynamic.Resource's constructor). */
  static readonly __pulumiType = "pulumi-nodejs:dynamic/alicloud-flowlog:FlowLog";

  /**
   * True when `obj` is a FlowLog, even one made by another copy of this package: compares the type token, as
   * `@pulumi/alicloud`'s generated resources do (CustomResource.isInstance alone is true for any custom resource).
   */
  static override isInstance(obj: unknown): obj is FlowLog {
    if (obj === undefined || obj === null) return false;
    return (obj as { __pulumiType?: unknown }).__pulumiType === FlowLog.__pulumiType;
  }

  /**
   * An existing flow log, read by id and not managed: the engine reads it (DescribeFlowLogs) at every `pulumi up`,
   * never changes or deletes it. To take ownership instead, use `new FlowLog(name, args, { import: "fl-..." })`.
   * @param name Pulumi resource name.
   * @param id FlowLogId (`fl-...`).
   * @param state `regionId` of the flow log when it is not the configured region (`alicloud:region`).
   * @param opts Resource options (`id` is set from `id`).
   * @throws at `pulumi up` (the engine's read), when no flow log with this id exists in the region.
   */
  static get(name: string, id: pulumi.Input<pulumi.ID>, state?: FlowLogState, opts?: pulumi.CustomResourceOptions): FlowLog {
    return new FlowLog(name, { ...state } as FlowLogArgs, { ...opts, id });
  }
  /** Flow log ID (`fl-...`), also the resource's id. */
  declare readonly flowLogId: pulumi.Output<string>;
  /** Name as the cloud reports it ("" when none). */
  declare readonly flowLogName: pulumi.Output<string>;
  /** Description as the cloud reports it ("" when none). */
  declare readonly description: pulumi.Output<string>;
  /** Region of the flow log. */
  declare readonly regionId: pulumi.Output<string>;
  /** `VPC`, `VSwitch` or `NetworkInterface`. */
  declare readonly resourceType: pulumi.Output<string>;
  /** ID of the captured resource. */
  declare readonly resourceId: pulumi.Output<string>;
  /** `All`, `Allow` or `Drop`. */
  declare readonly trafficType: pulumi.Output<string>;
  /** SLS project receiving the logs. */
  declare readonly projectName: pulumi.Output<string>;
  /** SLS logstore receiving the logs. */
  declare readonly logStoreName: pulumi.Output<string>;
  /** Aggregation interval in minutes (1, 5 or 10); absent if the service does not report it. */
  declare readonly aggregationInterval: pulumi.Output<number | undefined>;
  /** Traffic paths captured (`["all"]`: all, as the service reports a flow log created without any). */
  declare readonly trafficPaths: pulumi.Output<string[]>;
  /** Resource group the flow log belongs to (the account default when none was given). */
  declare readonly resourceGroupId: pulumi.Output<string>;
  /** User tags (system tags such as `acs:*` left out). */
  declare readonly tags: pulumi.Output<Record<string, string>>;
  /** `IPv4` or `DualStack` ("" when the service does not report it). */
  declare readonly ipVersion: pulumi.Output<string>;
  /** Status after the last operation: `Active` or `Inactive` (transitional ones only after a failed wait). */
  declare readonly status: pulumi.Output<string>;
  /** Billing status: `Normal` or `FinancialLocked`. */
  declare readonly businessStatus: pulumi.Output<string>;
  /** Creation time, UTC, e.g. `2022-01-21T03:08:50Z`. */
  declare readonly creationTime: pulumi.Output<string>;
  /** Delivery to SLS: `SUCCESS` or `FAILED`. */
  declare readonly flowLogDeliverStatus: pulumi.Output<string>;
  /** Why delivery failed: `UnavaliableTarget` (sic), `ProjectNotExist`, `UnknownError`, or "". */
  declare readonly flowLogDeliverErrorMessage: pulumi.Output<string>;
  /** Log format as the service reports it. */
  declare readonly logFormat: pulumi.Output<string>;
  /** `""`, or `sls` for a flow log made from the Log Service console (not manageable through the VPC API). */
  declare readonly serviceType: pulumi.Output<string>;
  /** Timeouts in force (create, update, delete), defaults filled in. */
  declare readonly timeouts: pulumi.Output<Required<FlowLogTimeouts>>;

  /**
   * @param name Pulumi resource name.
   * @param args See {@link FlowLogArgs}; validated at preview.
   * @param opts Resource options; `import: "fl-..."` adopts an existing flow log (the first `pulumi up` creates nothing:
   *   it takes that flow log if `args` describe it, else fails naming what differs; the preview shows it as a create,
   *   since the option becomes the input `importId`); `customTimeouts` stand for `args.timeouts` when that is left out
   *   (they do not reach a dynamic provider themselves).
   * @throws pulumi.RunError for a customTimeouts value that is not a duration of at most 24h, or a map argument (tags,
   *   timeouts) with a key named `__proto__`; other argument rules are check's, at preview.
   */
  constructor(name: string, args: FlowLogArgs, opts?: pulumi.CustomResourceOptions) {
    const props: Record<string, unknown> = { ...args };
    const fromOptions = timeoutsOf(name, opts?.customTimeouts);
    if (props.timeouts === undefined && fromOptions !== undefined) props.timeouts = fromOptions;
    for (const output of OUTPUT_NAMES) if (!(output in props)) props[output] = undefined;
    const { import: importId, ...withoutImport } = opts ?? {};
    // The engine's import cannot reach a dynamic provider (it sends no `__provider`): create adopts the flow log instead
    // (provider/import-existing.ts). With `id` as well, the options go to the engine as given (it refuses the pair).
    // "" is no import, as the SDK and the engine read it.
    const adopt = importId !== undefined && importId !== "" && opts?.id === undefined;
    if (adopt) props.importId = importId;
    super(flowLogProviderShim, name, registrableInputs(name, props), adopt ? withoutImport : opts, "alicloud-flowlog", "FlowLog");
  }
}
