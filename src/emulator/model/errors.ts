/**
 * Errors the emulated service raises. The model throws them with the API's own code and message; only the HTTP layer turns them
 * into the wire format ({RequestId, HostId, Code, Message, Recommend}). Codes and messages follow the CreateFlowLog page
 * (/work/shared/api/CreateFlowLog.txt) unless a comment names another source.
 */

const MARKER = Symbol.for("pulumi-alicloud-flowlog/emulator/ServiceError");

/** An error answer of the emulated VPC API: `code` (e.g. `IncorrectStatus.flowlog`), `httpStatus` (400 unless noted), message. */
export class ServiceError extends Error {
  override readonly name = "ServiceError";
  readonly code: string;
  readonly httpStatus: number;
  readonly [MARKER] = true;

  constructor(code: string, message: string, httpStatus = 400) {
    super(message);
    this.code = code;
    this.httpStatus = httpStatus;
  }

  /** True for a ServiceError from any copy of this module (does not rely on `instanceof`). */
  static isInstance(value: unknown): value is ServiceError {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[MARKER] === true;
  }
}

const e = (code: string, message: string, httpStatus = 400) => new ServiceError(code, message, httpStatus);
const withDetail = (message: string, detail: string | undefined) => (detail === undefined ? message : `${message} ${detail}`);

/** Factories for every error the model raises, one per code, so codes and messages live in one place. */
export const serviceErrors = {
  missingParameter: (name: string) =>
    e("MissingParameter", `The input parameter "${name}" that is mandatory for processing this request is not supplied.`),
  invalidParameter: (name: string, why: string) => e("InvalidParameter", `The specified parameter "${name}" is not valid: ${why}.`),
  /** Unknown action name; Alibaba Cloud's gateway answers 404. */
  invalidAction: (action: string) =>
    e("InvalidAction.NotFound", `Specified api is not found, please check your url and method. (${action.slice(0, 64)})`, 404),
  invalidRegion: () => e("InvalidRegionId.NotFound", "The RegionId provided does not exist in our records."),
  serviceNotOpen: () => e("OperationUnsupported.action", "This action is not support."),
  /**
   * The page's message is "Invalid parameter."; the emulator appends which parameter broke which rule (`detail`,
   * e.g. "FlowLogName must be 1 to 128 characters long ..."). How the live service words a more precise message for this
   * code is not published, so the documented sentence stays first for clients that match on it.
   */
  parameterInvalid: (detail?: string) => e("ParameterInvalid", withDetail("Invalid parameter.", detail)),
  unsupportedResourceType: () => e("OperationUnsupported.ResourceType", "This resource type is not supported."),
  resourceTypeMismatch: () => e("InvalidResourceType.NotFound", "Resource type no the same."),
  /** The page prints "vswitch does not exist." for VSwitch; the emulator names the resource kind it looked for. */
  instanceMissing: (kind: string) => e("InvalidInstanceId", `${kind} does not exist.`),
  resourceHasFlowLog: () => e("InvalidResourceId.NotFound", "This resourceId already has flowlog instance existed."),
  projectOrLogstoreMissing: () => e("ProjectOrLogstoreNotExist", "The specified project or logstore does not exist."),
  logTargetMissing: () =>
    e(
      "MissingParam.TrafficAnalyzerIdOrLogProjectOrLogStore",
      "TrafficAnalyzerId and ProjectName and LogStoreName parameters are not passed in.",
    ),
  illegalAggregationInterval: () => e("IllegalParam.AggregationInterval", "The param of aggregationInterval is illegal."),
  illegalTrafficPath: () => e("IllegalParam.TrafficPath", "The param of trafficPath is illegal."),
  duplicatedTrafficPath: () => e("DuplicatedParam.TrafficPath", "The param of trafficPath is duplicated."),
  userDefinedTrafficPathUnsupported: () =>
    e("UnsupportedFeature.UserDefinedTrafficPath", "The feature of UserDefinedTrafficPath is not supported."),
  userDefinedTrafficPathIpv6: () =>
    e("UnsupportedFeature.UserDefinedTrafficPathIpv6", "Dual-stack flow log instances do not support custom trafficPath."),
  illegalIpVersion: () => e("IllegalParam.IpVersion", "The parameter of IpVersion is illegal."),
  /** "ResourceGroupld" [sic]: the page's own spelling. */
  illegalResourceGroup: () => e("IllegalParam.ResourceGroupId", "Invalid ResourceGroupld value."),
  quotaExceeded: () => e("QuotaExceeded.FlowlogCount", "This user has reached the maximum instance number of flowlog."),
  /** A flow log of only some traffic paths on a resource that has one of all of them (CreateFlowLog page, error table). */
  allTrafficPathExists: () =>
    e(
      "OperationDenied.AllTrafficPathOfManagedExist",
      "The resource you specified has created a flow log instance that collects the traffic of all scenarios. You cannot create a flow log instance that collects only some scenarios.",
    ),
  /**
   * ActiveFlowLog on a flow log whose BusinessStatus is not Normal (FinancialLocked: an overdue account). The code is in
   * ActiveFlowLog's error table (NOTES.md); the message is the CreateFlowLog page's for the same code.
   */
  incorrectBusinessStatus: () => e("IncorrectBusinessStatus.FlowLog", "The business status of flowLog is incorrect."),
  /**
   * A write action on a flow log made from the Log Service console (ServiceType sls), which "cannot be modified, started,
   * stopped or deleted through the VPC API" (NOTES.md). The service's code for it is not published: this one is the
   * emulator's own, and the provider does not depend on it (it reads ServiceType).
   */
  slsManaged: () => e("OperationDenied.ServiceTypeSls", "The flow log was created by Log Service (ServiceType sls); manage it in the Log Service console."),
  /** ActiveFlowLog / DeleteFlowLog / ... on an unknown FlowLogId (NOTES.md, ActiveFlowLog errors). */
  flowLogNotFound: () => e("InvalidInstanceId.NotFound", "The specified instance does not exist."),
  /** A write action on a flow log that is mid-transition (NOTES.md: "Invalid flowlog status."). */
  incorrectStatus: () => e("IncorrectStatus.flowlog", "Invalid flowlog status."),
  // Tag errors: the codes and messages of the VPC-family TagResources / ListTagResources error tables (VpcPeer 2022-01-01 meta,
  // Smart Access Gateway tag pages); the CreateFlowLog page lists none of its own.
  /** The published message, then (like parameterInvalid) the rule the key broke when `detail` is given. */
  invalidTagKey: (detail?: string) => e("InvalidTagKey", withDetail("The tag keys are not valid.", detail)),
  /** The published message, then the rule the value broke when `detail` is given. */
  invalidTagValue: (detail?: string) => e("InvalidTagValue", withDetail("The tag values are not valid.", detail)),
  tooManyTagsInRequest: () => e("SizeLimitExceeded.TagNum", "The maximum number of tags is exceeded."),
  tooManyResourceIds: () => e("SizeLimitExceeded.ResourceId", "The maximum number of resource IDs is exceeded."),
  tagQuotaExceeded: () => e("QuotaExceeded.TagNum", "Custom Tags quota exceeded"),
  duplicatedTagKey: () => e("Forbidden.TagKey.Duplicated", "The specified tag key already exists."),
  tagResourcesNotFound: () => e("InvalidInstanceIds.NotFound", "The instance IDs are not found."),
  invalidTagResourceType: () => e("InvalidResourceType.NotFound", "The specified resource type is not found."),
} as const;
