// The BUILT package (dist: `npm run build` first) and its @pulumi/pulumi, loaded through Node's own require rather than
// vitest's module loader, so a program's `__provider` is serialized from dist, as a user's program would serialize it,
// and the program registers with the SDK instance that loaded the package.
import { createRequire } from "node:module";
import type * as Pulumi from "@pulumi/pulumi";
import type * as Pkg from "pulumi-alicloud-flowlog";

const nodeRequire = createRequire(__filename);

export const pulumi = nodeRequire("@pulumi/pulumi") as typeof Pulumi;
export type { FlowLogArgs } from "pulumi-alicloud-flowlog";
export const { FlowLog } = nodeRequire("pulumi-alicloud-flowlog") as typeof Pkg;
