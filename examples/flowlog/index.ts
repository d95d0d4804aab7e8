// A Pulumi program: `pulumi up` creates one VPC flow log, waits until it is Active and exports its id.
// The program itself is in program.ts, so the repository's tests and `npm run demo` can run the same code.
import { flowLogProgram } from "./program";

const outputs = flowLogProgram();

export const flowLogId = outputs.flowLogId;
export const resourceGroupId = outputs.resourceGroupId;
export const status = outputs.status;
