import { expect } from "vitest";
import { dispatch, type Params } from "../../../src/emulator/handlers";
import { ManualClock, ServiceError, VpcService, type EmulatorSettings } from "../../../src/emulator/model";

/** A small deterministic generator (LCG) so flow-log IDs repeat from run to run. */
export function seededRandom(seed = 42): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

export interface Harness {
  service: VpcService;
  clock: ManualClock;
  call(action: string, params: Params): Record<string, unknown>;
}

/** A service on the default world with a manual clock; short delays so tests read clearly. */
export function harness(settings: Partial<EmulatorSettings> = {}): Harness {
  const clock = new ManualClock();
  const service = new VpcService({
    clock,
    random: seededRandom(),
    settings: { activationDelayMs: 3000, transitionDelayMs: 1000, ...settings },
  });
  return { service, clock, call: (action, params) => dispatch(service, action, params) };
}

/** Wire parameters of a valid CreateFlowLog in the default world, with overrides (undefined removes a key). */
export function createParams(overrides: Record<string, string | undefined> = {}): Params {
  const base: Record<string, string | undefined> = {
    RegionId: "cn-hangzhou",
    ResourceType: "VPC",
    ResourceId: "vpc-demo0001",
    TrafficType: "All",
    ProjectName: "flowlog-project",
    LogStoreName: "flowlog-store",
    ...overrides,
  };
  return Object.fromEntries(Object.entries(base).filter((e): e is [string, string] => e[1] !== undefined));
}

/** Asserts that `fn` throws a ServiceError with this code (and HTTP status) and returns it. */
export function expectServiceError(fn: () => unknown, code: string, httpStatus = 400): ServiceError {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(ServiceError.isInstance(caught), `expected ServiceError ${code}, got ${String(caught)}`).toBe(true);
  const error = caught as ServiceError;
  expect(error.code).toBe(code);
  expect(error.httpStatus).toBe(httpStatus);
  return error;
}

/** Creates a flow log through the wire handler and returns its ID. */
export function create(h: Harness, overrides: Record<string, string | undefined> = {}): string {
  const body = h.call("CreateFlowLog", createParams(overrides));
  return body.FlowLogId as string;
}

/** The flow log's Status as DescribeFlowLogs reports it, or undefined when it is not listed. */
export function statusOf(h: Harness, flowLogId: string, regionId = "cn-hangzhou"): string | undefined {
  const body = h.call("DescribeFlowLogs", { RegionId: regionId, FlowLogId: flowLogId });
  const list = (body.FlowLogs as { FlowLog: { Status: string }[] }).FlowLog;
  return list[0]?.Status;
}
