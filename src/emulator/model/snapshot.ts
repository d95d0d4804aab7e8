import { z } from "zod";
import { settingsFileSchema, type EmulatorSettings } from "./settings";
import type { EmulatedFlowLog } from "./types";
import { FLOW_LOG_RESOURCE_TYPES } from "./world-index";

/** Format version of {@link ServiceSnapshot}; bump on incompatible changes. */
export const SNAPSHOT_VERSION = 1;

const tagSchema = z.object({ Key: z.string(), Value: z.string() });
const statusSchema = z.enum(["Activating", "Active", "Modifying", "Deactivating", "Inactive", "Deleting"]);

const flowLogSchema = z.object({
  flowLogId: z.string().min(1),
  regionId: z.string().min(1),
  flowLogName: z.string(),
  description: z.string(),
  resourceType: z.enum(FLOW_LOG_RESOURCE_TYPES as [string, ...string[]]),
  resourceId: z.string(),
  vpcId: z.string(),
  trafficType: z.string(),
  projectName: z.string(),
  logStoreName: z.string(),
  aggregationInterval: z.number(),
  trafficPath: z.array(z.string()),
  ipVersion: z.string(),
  logFormat: z.string(),
  resourceGroupId: z.string(),
  tags: z.array(tagSchema),
  status: statusSchema,
  businessStatus: z.string(),
  flowLogDeliverStatus: z.string(),
  flowLogDeliverErrorMessage: z.string(),
  serviceType: z.string(),
  creationTime: z.string(),
  createdAtMs: z.number(),
  visibleAfterMs: z.number(),
  pending: z
    .object({ result: z.enum(["Active", "Inactive", "gone"]), dueAtMs: z.number().nullable() })
    .nullable(),
});

const snapshotSchema = z.object({
  version: z.literal(SNAPSHOT_VERSION),
  savedAtMs: z.number(),
  // Checked like a control API PATCH (a string delay would turn into a string due time, "no" into a truthy flag); keys
  // of other versions are dropped.
  settings: settingsFileSchema,
  flowLogs: z.array(flowLogSchema),
});

/**
 * Everything VpcService needs to carry on after a restart (`--state-file`), as plain JSON: the settings in force (OpenFlowLogService
 * changes them) and every flow log, including the due time of a transition under way.
 */
export interface ServiceSnapshot {
  version: typeof SNAPSHOT_VERSION;
  /** Clock time of the snapshot, ms since the epoch. */
  savedAtMs: number;
  settings: EmulatorSettings;
  flowLogs: EmulatedFlowLog[];
}

/**
 * Validates a snapshot read back from disk (a JSON string or parsed value).
 * @throws Error naming the invalid fields; SyntaxError for malformed JSON text.
 */
export function parseSnapshot(input: string | unknown): ServiceSnapshot {
  const value: unknown = typeof input === "string" ? JSON.parse(input) : input;
  const result = snapshotSchema.safeParse(value);
  if (!result.success) {
    const details = result.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
    throw new Error(`Invalid emulator state snapshot: ${details}`);
  }
  // The schema checks every field the service reads; settings are merged over defaults by the caller.
  return result.data as unknown as ServiceSnapshot;
}
