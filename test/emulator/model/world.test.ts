import { describe, expect, it } from "vitest";
import { DEFAULT_RESOURCE_GROUP_ID } from "../../../src/emulator/defaults";
import { defaultSettings, defaultWorld, parseWorld, WorldIndex } from "../../../src/emulator/model";

describe("default world (docs/ARCHITECTURE.md)", () => {
  const world = defaultWorld();
  const index = new WorldIndex(world);

  it("has the five regions, cn-hangzhou first, and both resource groups", () => {
    expect(world.regions.map((r) => r.regionId)).toEqual(["cn-hangzhou", "cn-shanghai", "cn-beijing", "cn-qingdao", "ap-southeast-1"]);
    expect(world.defaultResourceGroupId).toBe(DEFAULT_RESOURCE_GROUP_ID);
    expect(index.hasResourceGroup("rg-acfmdemo0002")).toBe(true);
  });

  it("holds vpc/vsw/eni demo0001..demo1000 in every region, vSwitches and ENIs inside their VPCs", () => {
    for (const region of ["cn-hangzhou", "ap-southeast-1"]) {
      expect(index.findResource(region, "vpc-demo0001")).toEqual({ type: "VPC", vpcId: "vpc-demo0001" });
      expect(index.findResource(region, "vsw-demo1000")).toEqual({ type: "VSwitch", vpcId: "vpc-demo1000" });
      expect(index.findResource(region, "eni-demo0500")).toEqual({ type: "NetworkInterface", vpcId: "vpc-demo0500" });
      expect(index.findResource(region, "vpc-demo1001")).toBeUndefined();
    }
  });

  it("has both SLS targets and nothing else", () => {
    expect(index.hasLogstore("cn-hangzhou", "flowlog-project", "flowlog-store")).toBe(true);
    expect(index.hasLogstore("cn-beijing", "demo-project", "demo-logstore")).toBe(true);
    expect(index.hasLogstore("cn-hangzhou", "flowlog-project", "demo-logstore")).toBe(false);
  });

  it("default settings match the contract", () => {
    expect(defaultSettings()).toEqual({
      activationDelayMs: 3000,
      transitionDelayMs: 1000,
      stuckActivating: false,
      hideNewForMs: 0,
      maxFlowLogsPerResource: 1,
      quotaPerRegion: 1000,
      userDefinedTrafficPath: false,
      serviceOpen: {},
    });
  });
});

describe("parseWorld", () => {
  const minimal = {
    regions: [{ regionId: "eu-central-1", vpcs: [{ id: "vpc-x" }], slsProjects: [{ name: "p", logstores: ["s"] }] }],
    resourceGroups: [{ id: "rg-1" }],
    defaultResourceGroupId: "rg-1",
  };

  it("accepts JSON text and fills missing lists with empty ones", () => {
    const world = parseWorld(JSON.stringify(minimal));
    expect(world.regions[0]?.vswitches).toEqual([]);
    expect(new WorldIndex(world).hasLogstore("eu-central-1", "p", "s")).toBe(true);
  });

  it("round-trips the default world through JSON", () => {
    const world = defaultWorld();
    expect(parseWorld(JSON.stringify(world))).toEqual(world);
  });

  it("names the invalid fields", () => {
    expect(() => parseWorld({ ...minimal, defaultResourceGroupId: "rg-missing" })).toThrow(/defaultResourceGroupId/);
    expect(() => parseWorld({ ...minimal, regions: [{ regionId: "x", vswitches: [{ id: "vsw-1" }] }] })).toThrow(/regions\.0\.vswitches\.0\.vpcId/);
    expect(() => parseWorld("{not json")).toThrow(SyntaxError);
  });

  it("refuses references that do not hold within a region, naming the field", () => {
    const region = minimal.regions[0]!;
    const withNetwork = (network: object) => ({ ...minimal, regions: [{ ...region, ...network }] });
    expect(() => parseWorld(withNetwork({ vswitches: [{ id: "vsw-1", vpcId: "vpc-nowhere" }] }))).toThrow(
      /regions\.0\.vswitches\.0\.vpcId: vpcId vpc-nowhere is not a VPC of region eu-central-1/,
    );
    const vswitches = [{ id: "vsw-1", vpcId: "vpc-x" }];
    expect(() => parseWorld(withNetwork({ vswitches, enis: [{ id: "eni-1", vswitchId: "vsw-2", vpcId: "vpc-x" }] }))).toThrow(
      /regions\.0\.enis\.0\.vswitchId: vswitchId vsw-2 is not a vSwitch/,
    );
    expect(() => parseWorld(withNetwork({ vpcs: [{ id: "vpc-x" }, { id: "vpc-y" }], vswitches, enis: [{ id: "eni-1", vswitchId: "vsw-1", vpcId: "vpc-y" }] }))).toThrow(
      /regions\.0\.enis\.0\.vpcId: vpcId must be vpc-x, the VPC of vSwitch vsw-1/,
    );
    expect(parseWorld(withNetwork({ vswitches, enis: [{ id: "eni-1", vswitchId: "vsw-1", vpcId: "vpc-x" }] })).regions[0]?.enis).toHaveLength(1);
  });

  it("refuses a VPC, vSwitch, ENI or SLS project listed twice in a region, and keys the world does not have", () => {
    const region = minimal.regions[0]!;
    const withNetwork = (network: object) => ({ ...minimal, regions: [{ ...region, vpcs: [{ id: "vpc-x" }, { id: "vpc-y" }], ...network }] });
    expect(() => parseWorld(withNetwork({ vswitches: [{ id: "vsw-1", vpcId: "vpc-x" }, { id: "vsw-1", vpcId: "vpc-y" }] }))).toThrow(
      /regions\.0\.vswitches\.1: vSwitch vsw-1 is listed twice/,
    );
    expect(() => parseWorld(withNetwork({ vpcs: [{ id: "vpc-x" }, { id: "vpc-x" }] }))).toThrow(/regions\.0\.vpcs\.1: VPC vpc-x is listed twice/);
    expect(() => parseWorld(withNetwork({ vSwitches: [] }))).toThrow(/vSwitches/);
    // One index per region holds every network ID: a VPC and a vSwitch sharing one would hide the VPC.
    expect(() => parseWorld(withNetwork({ vswitches: [{ id: "vpc-x", vpcId: "vpc-x" }] }))).toThrow(/regions\.0\.vswitches\.0: vSwitch vpc-x has the ID of a VPC of the region/);
    expect(() => parseWorld({ ...minimal, regions: [{ ...region, slsProjects: [{ name: "p", logStores: ["s"] }] }] })).toThrow(/logStores/);
  });

  it("refuses a region or resource group listed twice", () => {
    expect(() => parseWorld({ ...minimal, regions: [minimal.regions[0], minimal.regions[0]] })).toThrow(/regions\.1: region eu-central-1 is listed twice/);
    expect(() => parseWorld({ ...minimal, resourceGroups: [{ id: "rg-1" }, { id: "rg-1" }] })).toThrow(/resourceGroups\.1: resource group rg-1 is listed twice/);
  });
});
