import type { WorldDefinition } from "./world";

/** ResourceType values CreateFlowLog accepts (case-sensitive, as the API lists them). */
export type FlowLogResourceType = "NetworkInterface" | "VSwitch" | "VPC";
export const FLOW_LOG_RESOURCE_TYPES: readonly FlowLogResourceType[] = ["NetworkInterface", "VSwitch", "VPC"];

/** A network resource found in the world: its kind and the VPC it belongs to. */
export interface LocatedResource {
  readonly type: FlowLogResourceType;
  readonly vpcId: string;
}

interface RegionIndex {
  readonly resources: Map<string, LocatedResource>;
  readonly logstores: Map<string, Set<string>>;
}

/** Constant-time lookups over a {@link WorldDefinition} (the default world holds 15,000 resources). */
export class WorldIndex {
  private readonly regions = new Map<string, RegionIndex>();
  private readonly groups: Set<string>;
  readonly defaultResourceGroupId: string;

  constructor(world: WorldDefinition) {
    for (const region of world.regions) {
      const resources = new Map<string, LocatedResource>();
      for (const v of region.vpcs) resources.set(v.id, { type: "VPC", vpcId: v.id });
      for (const s of region.vswitches) resources.set(s.id, { type: "VSwitch", vpcId: s.vpcId });
      for (const n of region.enis) resources.set(n.id, { type: "NetworkInterface", vpcId: n.vpcId });
      const logstores = new Map(region.slsProjects.map((p) => [p.name, new Set(p.logstores)]));
      this.regions.set(region.regionId, { resources, logstores });
    }
    this.groups = new Set(world.resourceGroups.map((g) => g.id));
    this.defaultResourceGroupId = world.defaultResourceGroupId;
  }

  hasRegion(regionId: string): boolean {
    return this.regions.has(regionId);
  }

  /** The resource with this ID in the region, whatever its type; undefined when absent. */
  findResource(regionId: string, resourceId: string): LocatedResource | undefined {
    return this.regions.get(regionId)?.resources.get(resourceId);
  }

  hasLogstore(regionId: string, project: string, logstore: string): boolean {
    return this.regions.get(regionId)?.logstores.get(project)?.has(logstore) ?? false;
  }

  hasResourceGroup(id: string): boolean {
    return this.groups.has(id);
  }
}
