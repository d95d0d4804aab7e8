// What the fault tests observe on the lifecycle lab (../lab.ts: one emulator + the real dynamic-provider process over
// gRPC): calls per action, writes since a moment, lost-answer faults still armed. Polls use ../../faults/helpers.ts
// `until`; the fields an update manages come from ../../provider/write-faults/harness.ts (managedFromCloud/Outputs).
import type { Lab } from "../lab";

/** Calls per action since `before` (faulted calls included), reads left out. */
export function writesSince(lab: Lab, before: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [action, n] of Object.entries(lab.emulator.stats().byAction)) {
    if (action === "DescribeFlowLogs" || action === "ListTagResources") continue;
    const d = n - (before[action] ?? 0);
    if (d > 0) out[action] = d;
  }
  return out;
}

/** Calls per action so far (the emulator's counts). */
export function calls(lab: Lab): Record<string, number> {
  return { ...lab.emulator.stats().byAction };
}

/** Lost-answer rules (reset-after / reset-before) still armed: empty once each has fired its `times`. */
export async function armedResets(lab: Lab): Promise<unknown[]> {
  const answer = await fetch(`${lab.emulator.url}/__emulator/faults`);
  const body = (await answer.json()) as { faults: { kind: string }[] };
  return body.faults.filter((f) => f.kind === "reset-after" || f.kind === "reset-before");
}
