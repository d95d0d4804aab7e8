// Fault matrix, part 1: every fault on CreateFlowLog, DescribeFlowLogs and DeleteFlowLog, through the real
// dynamic-provider process against the emulator (see action-scenario.ts). Needs `npm run build` (npm test does it).
import { afterAll, beforeAll, describe, it } from "vitest";
import { ACTION_CASES, FAULTS, runActionScenario } from "./action-scenario";
import { FaultLab, Matrix } from "./helpers";

let lab: FaultLab;
const matrix = new Matrix("Fault matrix: create, describe, delete (scenario x outcome; cloud/state = flow logs after the scenario)");

beforeAll(async () => {
  lab = await FaultLab.start();
});
afterAll(async () => {
  matrix.print();
  await lab?.stop();
});

const actions = ["CreateFlowLog", "DescribeFlowLogs", "DeleteFlowLog"];
let vpc = 100;

describe.each(actions)("%s", (action) => {
  it.each(Object.keys(FAULTS))("%s: nothing lost, nothing leaked", async (fault) => {
    const resourceId = `vpc-demo0${++vpc}`;
    await matrix.run(lab, `${fault} on ${action}`, () => runActionScenario(lab, fault, ACTION_CASES[action]!, resourceId));
  });
});
