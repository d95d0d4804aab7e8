/**
 * One listing of a region's flow logs for the watcher (DescribeFlowLogs, PageSize 50), paged so that its misses can be
 * trusted where that is possible. Paging by PageNumber over a list that others change between pages is not a snapshot:
 * read first page to last, a flow log deleted on an earlier page moves the first one of the next page back onto the
 * page already read, and that one is on no page (a delete then looks finished while its flow log is still Deleting).
 *
 * Read from the last page to the first instead, a delete can only move a flow log onto a page not read yet, so every
 * flow log that exists throughout the listing is in it, provided nothing is inserted before it meanwhile. When the pages
 * list flow logs oldest first (CreationTime never decreasing: the emulator's order; the service documents none), new
 * flow logs go at the end and insert before nothing. Then a flow log the listing lacks was absent at some moment of it
 * (`absenceIsSure`). Otherwise, or when the region changed size under the listing in a way the sweep cannot follow, the
 * watcher confirms a miss by FlowLogId before acting on it.
 */
import { LISTING_PAGE_SIZE, listingCalls } from "./round-plan";
import type { CloudFlowLog } from "./types";

/** One DescribeFlowLogs page of the region: its flow logs and the TotalCount it reported. */
export interface ListingPage {
  readonly flowLogs: readonly CloudFlowLog[];
  readonly totalCount: number | undefined;
}

/** A whole-region listing. */
export interface RegionListing {
  /** Every flow log seen, each once. */
  readonly flowLogs: CloudFlowLog[];
  /** True when every flow log that existed from the listing's start to its end is in it (see the module comment). */
  readonly absenceIsSure: boolean;
  /** DescribeFlowLogs calls made (pages read, one read twice when the region grew or shrank under the estimate). */
  readonly calls: number;
}

/**
 * Lists the region from its last page to its first. `estimatedCount` (flow logs at the last listing) picks the page to
 * start from; when that page reports a TotalCount with more pages, the sweep starts again from the new last page.
 * @param fetchPage DescribeFlowLogs of one page (1-based, PageSize {@link LISTING_PAGE_SIZE}); its errors propagate.
 */
export async function listRegion(fetchPage: (pageNumber: number) => Promise<ListingPage>, estimatedCount = 0): Promise<RegionListing> {
  const seen = new Map<number, ListingPage>();
  /** Every answer, in the order they came: a flow log read twice is taken from the later one. */
  const answers: ListingPage[] = [];
  const fetch = async (page: number): Promise<ListingPage> => {
    const answer = await fetchPage(page);
    answers.push(answer);
    return answer;
  };
  let last = listingCalls(estimatedCount);
  let first = await fetch(last);
  seen.set(last, first);
  // A TotalCount that the page itself contradicts (fewer than the flow logs up to this page's end) says nothing about
  // where the list ends: read as if there were none.
  let countsAgree = countAgrees(last, first);
  const reported = first.totalCount === undefined || !countsAgree ? undefined : listingCalls(first.totalCount);
  if (reported !== undefined && reported !== last) {
    // Grown: start again from the new last page. Shrunk: the pages above `reported` are empty; go on from there.
    last = reported;
    first = await fetch(last);
    seen.set(last, first);
    countsAgree &&= countAgrees(last, first);
  }
  // Without a TotalCount the sweep cannot know it started at the end: read upwards until a short page, trust nothing.
  if (reported === undefined && first.flowLogs.length === LISTING_PAGE_SIZE) {
    for (let page = last + 1; ; page++) {
      const next = await fetch(page);
      seen.set(page, next);
      if (next.flowLogs.length < LISTING_PAGE_SIZE) break;
    }
  }
  for (let page = last - 1; page >= 1; page--) seen.set(page, await fetch(page));
  const ordered = [...seen.keys()].sort((a, b) => a - b).flatMap((page) => seen.get(page)!.flowLogs);
  // In page order, each once, as the latest answer that listed it saw it (a flow log moved onto a page read later).
  const byId = new Map(ordered.map((flowLog) => [flowLog.flowLogId, flowLog]));
  for (const answer of answers) for (const flowLog of answer.flowLogs) byId.set(flowLog.flowLogId, flowLog);
  const flowLogs = [...byId.values()];
  // One answer that holds the whole list (page 1 and a TotalCount, or a short page, saying nothing follows) is a snapshot.
  const onlyPage = last === 1 && [...seen].every(([page, answer]) => page === 1 || answer.flowLogs.length === 0) ? seen.get(1) : undefined;
  const snapshot =
    onlyPage !== undefined && (onlyPage.totalCount === undefined ? onlyPage.flowLogs.length < LISTING_PAGE_SIZE : onlyPage.totalCount <= LISTING_PAGE_SIZE);
  return { flowLogs, absenceIsSure: countsAgree && (snapshot || (reported !== undefined && oldestFirst(seen.values()))), calls: answers.length };
}

/** False when page `pageNumber` holds more flow logs than its TotalCount leaves for it (a count smaller than the items). */
function countAgrees(pageNumber: number, page: ListingPage): boolean {
  return page.totalCount === undefined || page.flowLogs.length === 0 || (pageNumber - 1) * LISTING_PAGE_SIZE + page.flowLogs.length <= page.totalCount;
}

/**
 * True when CreationTime never decreases within any page (ISO-8601 UTC strings compare as text) and increases somewhere
 * within one; false if one is missing. Each page is one answer, a window of the list in the service's order; across
 * pages, flow logs read twice (moved onto a page read later) and ones deleted meanwhile break the order without telling
 * anything about it. Equal times (whole seconds: a wave of creates shares them) fit newest first as well as oldest
 * first, so pages of equal times alone prove nothing.
 */
function oldestFirst(pages: Iterable<ListingPage>): boolean {
  let increases = false;
  for (const { flowLogs } of pages) {
    for (let i = 0; i < flowLogs.length; i++) {
      const time = flowLogs[i]!.creationTime;
      if (!time) return false;
      if (i > 0 && time < flowLogs[i - 1]!.creationTime) return false;
      if (i > 0 && time > flowLogs[i - 1]!.creationTime) increases = true;
    }
  }
  return increases;
}
