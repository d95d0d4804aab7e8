/**
 * `importId` is the `import` option's input, not an argument FlowLogArgs offers: check validates it but never lists it
 * among the arguments FlowLog takes, nor suggests it for a misspelling.
 */
import { describe, expect, it } from "vitest";
import { checkFlowLogInputs } from "../../src/provider/check";

const ARGS = { resourceType: "VPC", resourceId: "vpc-demo0001", trafficType: "All", projectName: "flowlog-project", logStoreName: "flowlog-store" };

describe("check: importId is not an argument of FlowLogArgs", () => {
  it("a misspelt argument's failure lists only FlowLogArgs' arguments", () => {
    const { failures } = checkFlowLogInputs({ ...ARGS, aggregationIntervall: 5 }, { regionId: "cn-hangzhou" });
    expect(failures).toHaveLength(1);
    expect(failures[0]!.reason, failures[0]!.reason).not.toContain("importId");
  });
});
