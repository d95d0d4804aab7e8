/**
 * A dynamic provider gets pulumi.secret() inputs in plain text (acceptSecrets false, pulumi NOTES.md), and its progress
 * lines reach the CLI (pulumi.log.info). So the provider's lines and errors name fields, kinds and flow log IDs, never an
 * input's value: not the resourceId, the name, the description, the resource group or a tag value.
 */
import { describe, expect, it } from "vitest";
import { DEMO_RESOURCE_GROUP_ID } from "../../src/emulator/defaults";
import { emulatorSuite } from "./helpers/emulator-suite";
import { vpcFlowLogArgs } from "./helpers/emulator-config";

const suite = emulatorSuite({ settings: { activationDelayMs: 50, transitionDelayMs: 50 } });

const RESOURCE_ID = "vpc-demo0001";
const VALUES = ["secret-name-1", "secret-description-1", "secret-tag-value-1", "secret-name-2", "secret-tag-value-2", DEMO_RESOURCE_GROUP_ID];

describe("the provider's lines and errors hold no input value", () => {
  it("create, an in-place update of every field, a conflicting second create", async () => {
    const { provider, lines } = suite;
    const first = vpcFlowLogArgs(RESOURCE_ID, { flowLogName: VALUES[0], description: VALUES[1], tags: { team: VALUES[2] } });
    const inputs = (await provider.check({}, first)).inputs!;
    const created = await provider.create(inputs);
    const second = { ...first, flowLogName: VALUES[3], tags: { team: VALUES[4] }, resourceGroupId: VALUES[5], status: "Inactive" };
    const news = (await provider.check(inputs, second)).inputs!;
    await provider.update(created.id, created.outs, news);
    const conflict = await provider.create((await provider.check({}, vpcFlowLogArgs(RESOURCE_ID))).inputs!).then(
      () => new Error("a second flow log on one VPC was created"),
      (e: unknown) => e as Error,
    );
    expect(conflict.name).toBe("FlowLogConflictError");
    expect(lines.some((line) => line.includes("MoveResourceGroup"))).toBe(true); // the update did log its steps
    for (const text of [...lines, conflict.message]) {
      for (const value of [RESOURCE_ID, ...VALUES]) expect(text, text).not.toContain(value);
    }
    expect(conflict.message).toContain(created.id);
  });

  it("a create whose look before CreateFlowLog cannot be answered names no resourceId in its error or lines", async () => {
    const { provider, lines, emulator } = suite;
    emulator.addFault({ kind: "unavailable", action: "DescribeFlowLogs" });
    const inputs = (await provider.check({}, vpcFlowLogArgs(RESOURCE_ID, { timeouts: { create: "2s" } }))).inputs!;
    const error = await provider.create(inputs).then(() => new Error("created"), (e: unknown) => e as Error);
    expect(error.message).toMatch(/DescribeFlowLogs could not look up the flow logs on the resource/);
    for (const text of [...lines, error.message]) expect(text).not.toContain(RESOURCE_ID);
  }, 15_000);
});
