import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "../defaults";
import { serviceErrors } from "./errors";
import { matchesTagFilter } from "./tag-rules";
import type { DescribeFlowLogsInput, DescribeFlowLogsResult, EmulatedFlowLog } from "./types";

type ExactFilter =
  | "flowLogId"
  | "flowLogName"
  | "description"
  | "resourceType"
  | "resourceId"
  | "trafficType"
  | "projectName"
  | "logStoreName"
  | "status"
  | "vpcId"
  | "resourceGroupId";
const EXACT_FILTERS: readonly ExactFilter[] = [
  "flowLogId",
  "flowLogName",
  "description",
  "resourceType",
  "resourceId",
  "trafficType",
  "projectName",
  "logStoreName",
  "status",
  "vpcId",
  "resourceGroupId",
];

/** True when the flow log passes every filter given (VpcId matches flow logs on the VPC and on its vSwitches and ENIs). */
export function matchesDescribeFilters(flowLog: EmulatedFlowLog, input: DescribeFlowLogsInput): boolean {
  for (const name of EXACT_FILTERS) {
    const wanted = input[name];
    if (wanted !== undefined && flowLog[name] !== wanted) return false;
  }
  return input.tags === undefined || matchesTagFilter(flowLog.tags, input.tags);
}

/**
 * PageNumber and PageSize with defaults applied.
 * PageSize above 50: the DescribeFlowLogs page documents 50 as the maximum without saying what happens beyond it; the emulator
 * refuses with InvalidParameter so a client that relies on larger pages fails in tests rather than silently losing rows.
 */
export function resolvePaging(input: DescribeFlowLogsInput): { pageNumber: number; pageSize: number } {
  const pageNumber = input.pageNumber ?? 1;
  const pageSize = input.pageSize ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(pageNumber) || pageNumber < 1) throw serviceErrors.invalidParameter("PageNumber", "must be an integer >= 1");
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
    throw serviceErrors.invalidParameter("PageSize", `must be an integer from 1 to ${MAX_PAGE_SIZE}`);
  }
  return { pageNumber, pageSize };
}

/** Filters (visible flow logs only, in creation order) and pages; a page past the end is empty. */
export function describeFlowLogs(
  all: Iterable<EmulatedFlowLog>,
  input: DescribeFlowLogsInput,
  nowMs: number,
): DescribeFlowLogsResult {
  const { pageNumber, pageSize } = resolvePaging(input);
  const matching = [...all].filter(
    (f) => f.regionId === input.regionId && f.visibleAfterMs <= nowMs && matchesDescribeFilters(f, input),
  );
  const start = (pageNumber - 1) * pageSize;
  return { totalCount: matching.length, pageNumber, pageSize, flowLogs: matching.slice(start, start + pageSize) };
}
