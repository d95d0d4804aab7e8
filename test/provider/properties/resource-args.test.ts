/**
 * Properties of FlowLog's argument handling (src/resource/flow-log.ts) under Pulumi's mocks, from the
 * sources. Promises (README "Use it in a Pulumi program"; FlowLogArgs.timeouts): customTimeouts stand for `timeouts`
 * when that is left out; a `timeouts` argument replaces them as a whole (its missing fields take 10m, not the
 * customTimeouts value); the caller's args are not changed; what the resource registers passes check.
 */
import * as pulumi from "@pulumi/pulumi";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { checkFlowLogInputs } from "../../../src/provider";
import { FlowLog } from "../../../src/resource";
import { durationText, timeoutsArb, validArgs } from "./arbitraries";

const registered = new Map<string, Record<string, unknown>>();

beforeAll(async () => {
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered.set(args.name, args.inputs as Record<string, unknown>);
        return { id: `${args.name}_id`, state: args.inputs };
      },
      call: (args) => args.inputs,
    },
    "project",
    "stack",
    false,
  );
});

async function registeredAs(name: string): Promise<Record<string, unknown>> {
  // Registration serializes the provider first: slow on a loaded machine, so wait up to 30 s.
  for (let i = 0; i < 3_000 && !registered.has(name); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  const inputs = registered.get(name);
  if (inputs === undefined) throw new Error(`${name} was never registered`);
  return inputs;
}

let counter = 0;

describe("FlowLog's args under mocks", () => {
  it("registers what check accepts; timeouts = args.timeouts as a whole, else customTimeouts, else the defaults", async () => {
    const custom = fc.record({ create: fc.oneof(durationText, fc.constant("")), update: durationText, delete: durationText }, { requiredKeys: [], noNullPrototype: true });
    await fc.assert(
      fc.asyncProperty(validArgs, fc.option(custom, { nil: undefined }), fc.option(timeoutsArb, { nil: undefined }), async (generated, customTimeouts, timeouts) => {
        const args: Record<string, unknown> = { ...generated };
        delete args.timeouts;
        if (timeouts !== undefined) args.timeouts = timeouts;
        const before = structuredClone(args);
        const name = `log${++counter}`;
        new FlowLog(name, args as never, customTimeouts === undefined ? {} : { customTimeouts });
        expect(args).toEqual(before);
        const inputs = await registeredAs(name);
        expect(typeof inputs.__provider).toBe("string");
        const result = checkFlowLogInputs(inputs, { regionId: "cn-hangzhou" });
        expect(result.failures).toEqual([]);
        const fromCustom = Object.fromEntries(Object.entries(customTimeouts ?? {}).filter(([, v]) => v !== ""));
        const given = timeouts ?? fromCustom;
        expect(result.inputs.timeouts).toEqual({ create: given.create ?? "10m", update: given.update ?? "10m", delete: given.delete ?? "10m" });
      }),
      { numRuns: 20 },
    );
  }, 180_000);
});
