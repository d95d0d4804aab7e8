import type { CloudFlowLog, RegionListing } from "../../../src/provider";
import { listingCalls } from "../../../src/provider";

/**
 * A fake source's region listing of `flowLogs`: by default one whose misses are sure absences (a snapshot, as a scripted
 * cloud is); `absenceIsSure: false` for one that may have skipped flow logs (page shifts), whose misses the watcher confirms.
 */
export function listingOf(flowLogs: CloudFlowLog[], absenceIsSure = true): RegionListing {
  return { flowLogs, absenceIsSure, partial: false, size: flowLogs.length, lastPageNewest: undefined, orderShown: false, calls: listingCalls(flowLogs.length), grew: false };
}
