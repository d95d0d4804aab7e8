import { LISTING_PAGE_SIZE, type CloudFlowLog, type ListingPage } from "../../../src/provider";
import { cloudFromInputs } from "../../../src/provider/mapping";

const T0 = Date.UTC(2026, 0, 1);

/** Flow log `fl-<n>` on `vpc-<n>`, created at second `second` (by default n: CreationTime grows with n). */
export function flowLog(n: number, second = n): CloudFlowLog {
  const base = { resourceType: "VPC", resourceId: `vpc-${n}`, trafficType: "All", projectName: "p", logStoreName: "s" } as const;
  const created = cloudFromInputs({ ...base, status: "Active", timeouts: { create: "1m", update: "1m", delete: "1m" } }, `fl-${n}`, "cn-hangzhou", "Active");
  return { ...created, creationTime: creationTimeAt(second) };
}

/** CreationTime of second `second` after the fakes' epoch, as DescribeFlowLogs writes it (whole seconds). */
export function creationTimeAt(second: number): string {
  return new Date(T0 + second * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Flow logs `from` .. `from + count - 1`, created at `second(n)` (default n). */
export const range = (from: number, count: number, second?: (n: number) => number): CloudFlowLog[] =>
  Array.from({ length: count }, (_, i) => flowLog(from + i, second ? second(from + i) : from + i));

export const ids = (flowLogs: readonly CloudFlowLog[]): string[] => flowLogs.map((f) => f.flowLogId);

export interface PagedRegionOptions {
  /** New flow logs go first (the list is newest first); default: last. */
  readonly newestFirst?: boolean;
  /** TotalCount reported for a list of `n` items (default n; undefined: none). */
  readonly totalCount?: (n: number) => number | undefined;
  /** Lists by FlowLogId (as text) instead of in creation order: a fixed order that is not by time. */
  readonly byFlowLogId?: boolean;
  /** Runs before each page is read (`read`: pages read so far): others' deletes and creates. */
  readonly beforePage?: (region: PagedRegion, read: number, page: number) => void;
}

/** A region as DescribeFlowLogs pages it: a list in a fixed order, PageSize 50 by PageNumber, TotalCount on every page. */
export class PagedRegion {
  readonly reads: number[] = [];
  constructor(
    public items: CloudFlowLog[],
    private readonly options: PagedRegionOptions = {},
  ) {}

  ids(): string[] {
    return ids(this.items);
  }

  delete(id: string): void {
    this.items = this.items.filter((f) => f.flowLogId !== id);
  }

  create(flowLog: CloudFlowLog): void {
    this.items = this.options.newestFirst ? [flowLog, ...this.items] : [...this.items, flowLog];
    if (this.options.byFlowLogId) this.items.sort((a, b) => (a.flowLogId < b.flowLogId ? -1 : a.flowLogId > b.flowLogId ? 1 : 0));
  }

  readonly page = async (pageNumber: number): Promise<ListingPage> => {
    this.options.beforePage?.(this, this.reads.length, pageNumber);
    this.reads.push(pageNumber);
    const from = (pageNumber - 1) * LISTING_PAGE_SIZE;
    const n = this.items.length;
    return { flowLogs: this.items.slice(from, from + LISTING_PAGE_SIZE), totalCount: this.options.totalCount ? this.options.totalCount(n) : n };
  };
}
