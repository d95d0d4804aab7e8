import { z } from "zod";
import {
  DEFAULT_REGION_ID,
  DEFAULT_REGION_IDS,
  DEFAULT_RESOURCE_GROUP_ID,
  DEFAULT_SLS_PROJECTS,
  DEFAULT_WORLD_RESOURCES_PER_REGION,
  DEMO_RESOURCE_GROUP_ID,
} from "../defaults";

const idString = z.string().min(1);

const regionSchema = z.strictObject({
  regionId: idString,
  vpcs: z.array(z.strictObject({ id: idString })).default([]),
  vswitches: z.array(z.strictObject({ id: idString, vpcId: idString })).default([]),
  enis: z.array(z.strictObject({ id: idString, vswitchId: idString, vpcId: idString })).default([]),
  slsProjects: z.array(z.strictObject({ name: idString, logstores: z.array(idString).default([]) })).default([]),
});

type RegionDefinition = z.infer<typeof regionSchema>;

/** A region's references must hold, as they do in the service: a vSwitch lies in a VPC of its region, an ENI in one of its vSwitches. */
function checkReferences(region: RegionDefinition, index: number, ctx: z.RefinementCtx): void {
  const vpcs = new Set(region.vpcs.map((v) => v.id));
  const vswitchVpc = new Map(region.vswitches.map((v) => [v.id, v.vpcId]));
  region.vswitches.forEach((vswitch, i) => {
    if (!vpcs.has(vswitch.vpcId)) {
      ctx.addIssue({ code: "custom", message: `vpcId ${vswitch.vpcId} is not a VPC of region ${region.regionId}`, path: ["regions", index, "vswitches", i, "vpcId"] });
    }
  });
  region.enis.forEach((eni, i) => {
    const vpcOfVswitch = vswitchVpc.get(eni.vswitchId);
    if (vpcOfVswitch === undefined) {
      ctx.addIssue({ code: "custom", message: `vswitchId ${eni.vswitchId} is not a vSwitch of region ${region.regionId}`, path: ["regions", index, "enis", i, "vswitchId"] });
    } else if (vpcOfVswitch !== eni.vpcId) {
      ctx.addIssue({ code: "custom", message: `vpcId must be ${vpcOfVswitch}, the VPC of vSwitch ${eni.vswitchId}`, path: ["regions", index, "enis", i, "vpcId"] });
    }
  });
}

/** A network ID names one resource of a region: VPCs, vSwitches and ENIs share one index (WorldIndex). */
function checkNetworkIds(region: RegionDefinition, index: number, ctx: z.RefinementCtx): void {
  const seen = new Map<string, string>();
  const kinds = [
    ["VPC", "vpcs", region.vpcs],
    ["vSwitch", "vswitches", region.vswitches],
    ["ENI", "enis", region.enis],
  ] as const;
  for (const [kind, key, list] of kinds) {
    list.forEach((item, i) => {
      const earlier = seen.get(item.id);
      if (earlier !== undefined) {
        const message = earlier === kind ? `${kind} ${item.id} is listed twice` : `${kind} ${item.id} has the ID of a ${earlier} of the region`;
        ctx.addIssue({ code: "custom", message, path: ["regions", index, key, i] });
      }
      seen.set(item.id, earlier ?? kind);
    });
  }
}

function checkUnique(ids: readonly string[], what: string, path: (string | number)[], ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  ids.forEach((id, i) => {
    if (seen.has(id)) ctx.addIssue({ code: "custom", message: `${what} ${id} is listed twice`, path: [...path, i] });
    seen.add(id);
  });
}

/**
 * Zod schema of a world file (JSON). Every region lists its VPCs, vSwitches (with their VPC), ENIs (with their vSwitch and VPC)
 * and SLS projects with their logstores; resource groups are account-wide. `defaultResourceGroupId` must be one of them.
 * References must hold within a region (a vSwitch's VPC, an ENI's vSwitch and that vSwitch's VPC); regions, resource
 * groups, and within a region VPCs, vSwitches, ENIs and SLS projects are listed once each; unknown keys are refused.
 */
export const worldSchema = z
  .strictObject({
    defaultRegionId: idString.optional(),
    regions: z.array(regionSchema).min(1),
    resourceGroups: z.array(z.strictObject({ id: idString, name: z.string().optional() })).min(1),
    defaultResourceGroupId: idString,
  })
  .superRefine((world, ctx) => {
    if (!world.resourceGroups.some((g) => g.id === world.defaultResourceGroupId)) {
      ctx.addIssue({ code: "custom", message: "defaultResourceGroupId must name one of resourceGroups", path: ["defaultResourceGroupId"] });
    }
    if (world.defaultRegionId !== undefined && !world.regions.some((r) => r.regionId === world.defaultRegionId)) {
      ctx.addIssue({ code: "custom", message: "defaultRegionId must name one of regions", path: ["defaultRegionId"] });
    }
    checkUnique(world.regions.map((r) => r.regionId), "region", ["regions"], ctx);
    checkUnique(world.resourceGroups.map((g) => g.id), "resource group", ["resourceGroups"], ctx);
    world.regions.forEach((region, index) => {
      checkNetworkIds(region, index, ctx);
      checkUnique(region.slsProjects.map((p) => p.name), "SLS project", ["regions", index, "slsProjects"], ctx);
      checkReferences(region, index, ctx);
    });
  });

/** What the emulated account holds: regions with their network resources and SLS targets, and resource groups (plain JSON). */
export type WorldDefinition = z.infer<typeof worldSchema>;
/** One region of a {@link WorldDefinition}. */
export type WorldRegion = WorldDefinition["regions"][number];

/**
 * Validates a world: a JSON string or an already parsed value. `regions`, `resourceGroups` (at least one each) and
 * `defaultResourceGroupId` are required; a region's lists left out default to empty.
 * @throws Error naming every invalid field (zod's issues joined), or a SyntaxError for malformed JSON text.
 */
export function parseWorld(input: string | unknown): WorldDefinition {
  const value: unknown = typeof input === "string" ? JSON.parse(input) : input;
  const result = worldSchema.safeParse(value);
  if (!result.success) {
    const details = result.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
    throw new Error(`Invalid emulator world: ${details}`);
  }
  return result.data;
}

const pad4 = (n: number) => String(n).padStart(4, "0");

function demoRegion(regionId: string): WorldRegion {
  const vpcs: WorldRegion["vpcs"] = [];
  const vswitches: WorldRegion["vswitches"] = [];
  const enis: WorldRegion["enis"] = [];
  for (let i = 1; i <= DEFAULT_WORLD_RESOURCES_PER_REGION; i++) {
    // Numbered alike on purpose: vsw-demoN sits in vpc-demoN and eni-demoN in vsw-demoN, so examples can pair them by number.
    vpcs.push({ id: `vpc-demo${pad4(i)}` });
    vswitches.push({ id: `vsw-demo${pad4(i)}`, vpcId: `vpc-demo${pad4(i)}` });
    enis.push({ id: `eni-demo${pad4(i)}`, vswitchId: `vsw-demo${pad4(i)}`, vpcId: `vpc-demo${pad4(i)}` });
  }
  const slsProjects = Object.entries(DEFAULT_SLS_PROJECTS).map(([name, logstores]) => ({ name, logstores: [...logstores] }));
  return { regionId, vpcs, vswitches, enis, slsProjects };
}

/**
 * The default world of docs/ARCHITECTURE.md: regions cn-hangzhou (default), cn-shanghai, cn-beijing, cn-qingdao, ap-southeast-1;
 * in each `vpc-demo0001`..`vpc-demo1000`, `vsw-demo0001`..`vsw-demo1000`, `eni-demo0001`..`eni-demo1000`; SLS project
 * `flowlog-project`/`flowlog-store` and `demo-project`/`demo-logstore`; resource groups `rg-acfmdefault0001` (default) and
 * `rg-acfmdemo0002`. A fresh object on every call.
 */
export function defaultWorld(): WorldDefinition {
  return {
    defaultRegionId: DEFAULT_REGION_ID,
    regions: DEFAULT_REGION_IDS.map(demoRegion),
    resourceGroups: [
      { id: DEFAULT_RESOURCE_GROUP_ID, name: "default" },
      { id: DEMO_RESOURCE_GROUP_ID, name: "demo" },
    ],
    defaultResourceGroupId: DEFAULT_RESOURCE_GROUP_ID,
  };
}
