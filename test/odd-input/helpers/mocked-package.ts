/**
 * The BUILT package under pulumi.runtime.setMocks (the mocks of Pulumi's unit-testing docs: id = name + "_id", state =
 * the inputs), with every registration kept and every unhandled rejection of a test failing it. `npm run build` first.
 */
import { createRequire } from "node:module";
import * as pulumi from "@pulumi/pulumi";
import { afterEach, beforeAll, beforeEach, expect } from "vitest";

type Pkg = typeof import("pulumi-alicloud-flowlog");

export interface MockedPackage {
  /** The package, loaded by its name (as a user's project does) once the mocks are set. */
  readonly pkg: () => Pkg;
  /** Every registration the mock monitor received, in order. */
  readonly registered: pulumi.runtime.MockResourceArgs[];
  /** Unhandled rejections of the running test; a test that expects some takes them out (`splice(0)`). */
  readonly rejections: unknown[];
  /** The registration of `name`, waited for up to 3 s. @throws naming the rejections seen when it never comes */
  readonly registration: (name: string) => Promise<pulumi.runtime.MockResourceArgs>;
}

/** Sets the mocks before the file's tests and checks after each that no rejection was left unexpected. */
export function useMockedPackage(): MockedPackage {
  const requireHere = createRequire(__filename);
  let loaded: Pkg | undefined;
  const registered: pulumi.runtime.MockResourceArgs[] = [];
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown) => rejections.push(reason);
  beforeAll(async () => {
    // No credentials, no endpoint, no region: a unit test must not need any.
    for (const k of Object.keys(process.env)) if (/^(ALIBABA_CLOUD|ALICLOUD)_/.test(k)) delete process.env[k];
    await pulumi.runtime.setMocks(
      { newResource: (a) => (registered.push(a), { id: `${a.name}_id`, state: a.inputs }), call: (a) => a.inputs },
      "project",
      "stack",
      false,
    );
    loaded = requireHere("pulumi-alicloud-flowlog") as Pkg;
  });
  beforeEach(() => {
    rejections.length = 0;
    process.on("unhandledRejection", onRejection);
  });
  afterEach(async () => {
    await new Promise((r) => setTimeout(r, 20));
    process.off("unhandledRejection", onRejection);
    expect(rejections.map(String)).toEqual([]);
  });
  const registration = async (name: string): Promise<pulumi.runtime.MockResourceArgs> => {
    for (let i = 0; i < 300 && !registered.some((r) => r.name === name); i++) await new Promise((r) => setTimeout(r, 10));
    const found = registered.find((r) => r.name === name);
    if (found === undefined) throw new Error(`${name} was never registered (rejections: ${rejections.map(String).join("; ")})`);
    return found;
  };
  const pkg = (): Pkg => {
    if (loaded === undefined) throw new Error("the package is loaded in beforeAll");
    return loaded;
  };
  return { pkg, registered, rejections, registration };
}
