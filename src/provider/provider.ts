/**
 * FlowLogProvider: the pulumi.dynamic.ResourceProvider behind every FlowLog. Each method delegates to
 * one pure function (check, diff) or one operation module (create, read, update, delete); this class
 * only holds the configured context.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { ConfigSource } from "../client";
import { checkFlowLogInputs, FIELD_SCHEMAS } from "./check";
import { defaultSettings, NO_REGION, ProviderContext, type ProviderSettings } from "./context";
import { createFlowLog } from "./create";
import { deleteFlowLog } from "./delete";
import { diffFlowLog } from "./diff";
import { importFlowLog, refuseReplacingImported } from "./import-existing";
import { readFlowLog } from "./read";
import type { FlowLogInputs } from "./types";
import { settingsFromConfig } from "./tuning";
import { updateFlowLog } from "./update";

type Props = Record<string, unknown>;

/** What configure needs of Pulumi's ConfigureRequest: a `config` with `get(key)`. */
export interface FlowLogConfigureRequest {
  readonly config: ConfigSource;
}

function configOf(req: FlowLogConfigureRequest): ConfigSource {
  const config = req.config;
  return { get: (key) => config.get(key) };
}

/**
 * The implementation loaded by the serialized shim (`require("pulumi-alicloud-flowlog/provider").flowLogProvider`).
 * `configure` must run first in the provider process (the dynamic-provider server does it); calls made
 * without it use the environment only.
 */
export class FlowLogProvider implements pulumi.dynamic.ResourceProvider<Props, Props> {
  private context: ProviderContext;

  constructor(private readonly overrides: Partial<ProviderSettings> = {}) {
    this.context = new ProviderContext(undefined, { ...defaultSettings(), ...overrides });
  }

  /** The configured context (tests inspect watchers through it). */
  get ctx(): ProviderContext {
    return this.context;
  }

  /**
   * Keeps the stack configuration in memory (`alicloud:region`, `alicloud:accessKey`, `alicloud:secretKey`,
   * `alicloud:securityToken`, `alicloud:profile`, `alicloud-flowlog:endpoint`); the client reads it at call time.
   * Timing keys `alicloud-flowlog:requestTimeout`, `alicloud-flowlog:adoptWindow` and `alicloud-flowlog:describeRate` are described in tuning.ts.
   * @throws FlowLogOperationError naming the key when a timing key holds no duration (or describeRate no positive number).
   */
  async configure(req: FlowLogConfigureRequest): Promise<void> {
    const previous = this.context;
    const config = configOf(req);
    this.context = new ProviderContext(config, { ...defaultSettings(), ...settingsFromConfig(config), ...this.overrides });
    await previous.close();
  }

  /**
   * Validates and normalizes inputs; never calls the API. `olds` (the last inputs) give the region when neither the
   * program nor the configuration does. Failures name the field and the rule (check.ts), `regionId` when no region is
   * known at all.
   */
  async check(olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult<Props>> {
    const { inputs, failures } = checkFlowLogInputs(news, { regionId: this.context.defaultRegion() });
    // No region anywhere: an existing flow log stays in the region it was made in (its last inputs hold it); a new one
    // fails here, at preview, rather than half way through `up`.
    if (inputs.regionId === undefined && FIELD_SCHEMAS.regionId.safeParse(olds.regionId).success) inputs.regionId = olds.regionId as string;
    const regionRefused = failures.some((failure) => failure.property === "regionId");
    if (inputs.regionId === undefined && !regionRefused) failures.push({ property: "regionId", reason: `regionId is required: no region is configured; ${NO_REGION}` });
    return { inputs: inputs as unknown as Props, failures };
  }

  /**
   * Compares the program's inputs with the stored outputs.
   * @throws FlowLogOperationError when a change would replace a flow log the program still imports (import-existing.ts).
   */
  async diff(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
    const { changes, replaces, deleteBeforeReplace } = diffFlowLog(olds, news);
    refuseReplacingImported(id, news, replaces);
    return { changes, replaces, deleteBeforeReplace };
  }

  /**
   * CreateFlowLog, then waits until DescribeFlowLogs reports Active (then DeactiveFlowLog when `status` is
   * Inactive), within `timeouts.create` (default 10m). A lost CreateFlowLog answer is resolved by looking
   * before creating again (never adopting a flow log that existed before the call).
   * With `importId` (the `import` resource option, see import-existing.ts) it adopts that flow log instead, creating nothing.
   * @throws FlowLogConflictError when the resource already has a flow log (names its FlowLogId and the `import` option);
   *   FlowLogServiceNotOpenError when the flow-log service is not open in the region (after GetFlowLogServiceStatus);
   *   FlowLogInitError `{ id, properties, reasons }` when the flow log exists but did not settle in time, so Pulumi keeps its id;
   *   FlowLogOperationError when the flow log to import does not exist or the inputs do not describe it;
   *   the client's AlicloudApiError / AlicloudRequestError / CredentialsError for other failures.
   */
  async create(inputs: Props): Promise<{ id: string; outs: Props }> {
    const checked = inputs as unknown as FlowLogInputs;
    const { id, outs } =
      typeof checked.importId === "string" ? await importFlowLog(this.context, checked.importId, checked) : await createFlowLog(this.context, checked);
    return { id, outs: outs as unknown as Props };
  }

  /**
   * DescribeFlowLogs by FlowLogId in the stored (or configured) region. Gone answers `{ id: "" }`; otherwise the
   * current cloud state as outputs, and inputs derived from it (so refresh shows drift). The `import` option never reaches
   * read (the engine sends it no `__provider`): create adopts instead (import-existing.ts).
   * @throws the client's errors when the lookup itself fails (a failure is never taken for "gone").
   */
  async read(id: string, props: Props = {}): Promise<{ id: string; props?: Props; inputs?: Props }> {
    const result = await readFlowLog(this.context, id, props);
    if (result.props === undefined) return { id: "" };
    return { id: result.id, props: result.props as unknown as Props, inputs: result.inputs as unknown as Props };
  }

  /**
   * Applies in-place changes: ModifyFlowLogAttribute, ActiveFlowLog / DeactiveFlowLog, TagResources /
   * UnTagResources (system tags left alone) and MoveResourceGroup, waiting for each to settle within
   * `timeouts.update` (default 10m); a mid-transition refusal (IncorrectStatus*) is retried once it settles.
   * @throws FlowLogInitError carrying the id and the last known properties when it does not settle in time.
   */
  async update(id: string, olds: Props, news: Props): Promise<{ outs: Props }> {
    const { outs } = await updateFlowLog(this.context, id, olds, news as unknown as FlowLogInputs);
    return { outs: outs as unknown as Props };
  }

  /**
   * DeleteFlowLog, then waits until DescribeFlowLogs no longer lists it, within `timeouts.delete` (default 10m).
   * Already gone, gone while waiting, or already Deleting all end as success once it is really gone.
   * @throws FlowLogOperationError when it is still there at the deadline; the client's errors otherwise.
   */
  async delete(id: string, props: Props): Promise<void> {
    await deleteFlowLog(this.context, id, props);
  }
}
