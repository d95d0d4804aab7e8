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
 *
 * A listing may stop before page 1 ({@link ListingStop}): once it has seen every flow log the caller waits for, and its
 * pages, oldest first, reach back past the newest flow log the caller already knows of. Everything newer then lies on
 * the pages read (bench/scale.ts, N = 200: a wave of creates waits on the last page, not on all four).
 */
import { LISTING_PAGE_SIZE, listingCalls } from "./round-plan";
import type { CloudFlowLog } from "./types";

/** One DescribeFlowLogs page of the region: its flow logs and the TotalCount it reported. */
export interface ListingPage {
  readonly flowLogs: readonly CloudFlowLog[];
  readonly totalCount: number | undefined;
}

/** A region listing: the whole region, or its newest pages when it stopped early (`partial`). */
export interface RegionListing {
  /** Every flow log seen, each once. */
  readonly flowLogs: CloudFlowLog[];
  /** True when every flow log that existed from the listing's start to its end is in it (see the module comment). */
  readonly absenceIsSure: boolean;
  /**
   * True when it stopped before page 1 as its {@link ListingStop} allowed: it holds every flow log of `stop.ids` and every
   * flow log created at or after `stop.newerThan` that existed throughout the listing (one it lacks was absent at some
   * moment of it), and says nothing of the others (`absenceIsSure` is false).
   */
  readonly partial: boolean;
  /** Flow logs in the region: the last TotalCount for a partial or abandoned listing, the flow logs seen otherwise. */
  readonly size: number;
  /**
   * True when the listing stopped after its first page because the region takes more than `maxPages` pages: it holds that
   * page only and says nothing of other flow logs (`absenceIsSure` false, `partial` false).
   */
  readonly abandoned?: boolean;
  /**
   * The newest CreationTime on the page the sweep read first (the last page then), if it listed any. In oldest-first
   * order, a flow log the listing missed because it came after that page was created at or after it: a caller that keeps
   * this listing (one whose absences are sure, or a partial one extending such) may pass it as the next `stop.newerThan`.
   */
  readonly lastPageNewest: string | undefined;
  /**
   * True when the pages read list CreationTime never decreasing and a full page (PageSize flow logs) shows an increase:
   * the evidence a {@link ListingStop} needs that the service lists oldest first. A short page proves little (two or three
   * flow logs in any fixed order, by FlowLogId say, can happen to rise in time).
   */
  readonly orderShown: boolean;
  /** DescribeFlowLogs calls made (pages read, one read twice when the region grew or shrank under the estimate). */
  readonly calls: number;
  /**
   * True when a flow log appeared during the listing: an answer reported a larger TotalCount than an earlier one, or a
   * page read twice showed one mid-page that its first answer lacked. At the end of an oldest-first list that moves
   * nothing, but one listed late (eventual consistency: a flow log another client created earlier) appears in the middle
   * and moves the flow logs after it onto the next page, which a sweep from the last page may have read already: one of
   * them is then on no page read, although `absenceIsSure` (or `partial`) says otherwise. A caller whose miss would end
   * something confirms it by FlowLogId (and so does one that sees a flow log listed late against its last listing:
   * known-region.ts listedLate).
   */
  readonly grew: boolean;
}

/**
 * When a listing may stop before page 1. Only where the pages show the service's order: every page read lists CreationTime
 * never decreasing, under a TotalCount that agrees with them, and a full page showed an increase (in this listing, or in
 * one before it: `orderShown`). Then a flow log created at or after `newerThan` comes after any flow log created before it,
 * and the sweep has read every page from there on.
 */
export interface ListingStop {
  /**
   * Flow logs (FlowLogId) the caller must learn about, each with the CreationTime the caller saw it with, if it did. The
   * listing goes on (to page 1 if need be) until it has seen each one, or read back past the CreationTime of one it has
   * not seen: that one would have been on the pages read, so it was absent at some moment of the listing (a delete's wait).
   */
  readonly ids: ReadonlyMap<string, string | undefined>;
  /**
   * CreationTime (ISO 8601, as DescribeFlowLogs gives it) of the newest flow log the caller already knows of: the listing
   * may stop once a page read holds a flow log created before this.
   */
  readonly newerThan: string;
  /** An earlier listing of the region showed it oldest first ({@link RegionListing.orderShown}). */
  readonly orderShown: boolean;
}

/**
 * Lists the region from its last page to its first. `estimatedCount` (flow logs at the last listing) picks the page to
 * start from; when that page reports a TotalCount with more pages, the sweep starts again from the new last page.
 * @param fetchPage DescribeFlowLogs of one page (1-based, PageSize {@link LISTING_PAGE_SIZE}); its errors propagate.
 * @param stop when the sweep may end before page 1 (omitted: it never does).
 * @param maxPages when the first page's TotalCount says the region takes more pages than this, stop there (`abandoned`):
 *   for a caller that would rather ask a few flow logs by id than read a large region it knew nothing of.
 */
export async function listRegion(
  fetchPage: (pageNumber: number) => Promise<ListingPage>,
  estimatedCount = 0,
  stop?: ListingStop,
  maxPages?: number,
): Promise<RegionListing> {
  const seen = new Map<number, ListingPage>();
  /** Every answer, in the order they came: a flow log read twice is taken from the later one. */
  const answers: ListingPage[] = [];
  /** Each page's answers, in the order they came (a page is read twice when the sweep starts again). */
  const reads = new Map<number, ListingPage[]>();
  const fetch = async (page: number): Promise<ListingPage> => {
    const answer = await fetchPage(page);
    answers.push(answer);
    reads.set(page, [...(reads.get(page) ?? []), answer]);
    return answer;
  };
  const grew = (): boolean => grewDuring(answers) || insertedMidPage(reads.values());
  let last = listingCalls(estimatedCount);
  let first = await fetch(last);
  seen.set(last, first);
  // A TotalCount that the page itself contradicts (fewer than the flow logs up to this page's end) says nothing about
  // where the list ends: read as if there were none.
  let countsAgree = countAgrees(last, first);
  const reported = first.totalCount === undefined || !countsAgree ? undefined : listingCalls(first.totalCount);
  if (reported !== undefined && maxPages !== undefined && reported > maxPages) return abandonedAt(first, answers);
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
  const sweep = [first];
  const stopsHere = (): boolean =>
    stop !== undefined &&
    reported !== undefined &&
    countsAgree &&
    reachedBack(stop, sweep, answers) &&
    oldestFirst(seen.values()) &&
    (stop.orderShown || fullPageRises(seen.values()));
  let lowest = last;
  while (lowest > 1 && !stopsHere()) {
    lowest -= 1;
    const page = await fetch(lowest);
    seen.set(lowest, page);
    sweep.push(page);
  }
  const ordered = [...seen.keys()].sort((a, b) => a - b).flatMap((page) => seen.get(page)!.flowLogs);
  // In page order, each once, as the latest answer that listed it saw it (a flow log moved onto a page read later).
  const flowLogs = latestOf(answers, ordered);
  if (lowest > 1) {
    const size = answers.findLast((answer) => answer.totalCount !== undefined)!.totalCount!;
    return {
      flowLogs,
      absenceIsSure: false,
      partial: true,
      size,
      lastPageNewest: newestOf(first),
      orderShown: orderShown(seen.values()),
      calls: answers.length,
      grew: grew(),
    };
  }
  // One answer that holds the whole list (page 1 and a TotalCount, or a short page, saying nothing follows) is a snapshot.
  const onlyPage = last === 1 && [...seen].every(([page, answer]) => page === 1 || answer.flowLogs.length === 0) ? seen.get(1) : undefined;
  const snapshot =
    onlyPage !== undefined && (onlyPage.totalCount === undefined ? onlyPage.flowLogs.length < LISTING_PAGE_SIZE : onlyPage.totalCount <= LISTING_PAGE_SIZE);
  const absenceIsSure = countsAgree && (snapshot || (reported !== undefined && oldestFirst(seen.values())));
  return {
    flowLogs,
    absenceIsSure,
    partial: false,
    size: flowLogs.length,
    lastPageNewest: newestOf(first),
    orderShown: orderShown(seen.values()),
    calls: answers.length,
    grew: grew(),
  };
}

/** A listing given up after its first page (see `maxPages`): that page's flow logs, and the region's size. */
function abandonedAt(first: ListingPage, answers: readonly ListingPage[]): RegionListing {
  return {
    flowLogs: [...first.flowLogs],
    absenceIsSure: false,
    partial: false,
    abandoned: true,
    size: first.totalCount!,
    // Not the last page: nothing newer than this is known to be on it.
    lastPageNewest: undefined,
    orderShown: orderShown([first]),
    calls: answers.length,
    grew: grewDuring(answers),
  };
}

/**
 * True when a page read twice shows, the second time, a flow log its first answer lacked and that was created before the
 * newest one of that answer: one listed late, inserted mid-list, which moved the flow logs after it one place on. Another
 * client's delete in the same moments can keep TotalCount unchanged, so {@link grewDuring} alone misses it.
 */
function insertedMidPage(pageReads: Iterable<readonly ListingPage[]>): boolean {
  for (const answers of pageReads) {
    for (let i = 1; i < answers.length; i++) {
      const before = answers[i - 1]!;
      const newest = newestOf(before);
      const held = new Set(before.flowLogs.map((flowLog) => flowLog.flowLogId));
      const late = (flowLog: CloudFlowLog): boolean => !held.has(flowLog.flowLogId) && newest !== undefined && flowLog.creationTime !== "" && flowLog.creationTime < newest;
      if (answers[i]!.flowLogs.some(late)) return true;
    }
  }
  return false;
}

/** True when some answer reported a larger TotalCount than an earlier one (see {@link RegionListing.grew}). */
function grewDuring(answers: readonly ListingPage[]): boolean {
  let lowest = Number.POSITIVE_INFINITY;
  for (const { totalCount } of answers) {
    if (totalCount === undefined) continue;
    if (totalCount > lowest) return true;
    lowest = Math.min(lowest, totalCount);
  }
  return false;
}

/** The pages list oldest first, and a full one shows it (see {@link RegionListing.orderShown}). */
function orderShown(pages: Iterable<ListingPage>): boolean {
  const read = [...pages];
  return oldestFirst(read) && fullPageRises(read);
}

/** Some full page (PageSize flow logs) has a CreationTime greater than the one before it. */
function fullPageRises(pages: Iterable<ListingPage>): boolean {
  for (const { flowLogs } of pages) {
    if (flowLogs.length < LISTING_PAGE_SIZE) continue;
    for (let i = 1; i < flowLogs.length; i++) if (flowLogs[i]!.creationTime > flowLogs[i - 1]!.creationTime) return true;
  }
  return false;
}

/** The newest CreationTime on a page (ISO-8601 UTC strings compare as text), if it lists any. */
function newestOf(page: ListingPage): string | undefined {
  let newest: string | undefined;
  for (const { creationTime } of page.flowLogs) if (creationTime && (newest === undefined || creationTime > newest)) newest = creationTime;
  return newest;
}

/** `ordered` each once, in its order, as the latest answer that listed it saw it (a flow log moved onto a page read later). */
function latestOf(answers: readonly ListingPage[], ordered: readonly CloudFlowLog[]): CloudFlowLog[] {
  const byId = new Map(ordered.map((flowLog) => [flowLog.flowLogId, flowLog]));
  for (const answer of answers) for (const flowLog of answer.flowLogs) byId.set(flowLog.flowLogId, flowLog);
  return [...byId.values()];
}

/**
 * True when the sweep's pages reach back past `stop.newerThan` (one of them holds an older flow log) and, for every id of
 * the stop, the answers have shown it or the pages reach back past its CreationTime.
 */
function reachedBack(stop: ListingStop, sweep: readonly ListingPage[], answers: readonly ListingPage[]): boolean {
  let oldest: string | undefined;
  for (const { flowLogs } of sweep) for (const { creationTime } of flowLogs) if (creationTime && (oldest === undefined || creationTime < oldest)) oldest = creationTime;
  const passed = (time: string | undefined): boolean => oldest !== undefined && time !== undefined && time !== "" && oldest < time;
  if (!passed(stop.newerThan)) return false;
  const seenIds = new Set(answers.flatMap((answer) => answer.flowLogs.map((flowLog) => flowLog.flowLogId)));
  return [...stop.ids].every(([id, created]) => seenIds.has(id) || passed(created));
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
