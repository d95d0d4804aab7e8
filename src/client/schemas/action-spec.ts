import type { z } from "zod";
import type { ListShape } from "./lists";

/** What the client knows of one API action. */
export interface ActionSpec<Response extends z.ZodType = z.ZodType> {
  /** The API action name, e.g. `CreateFlowLog`. */
  readonly action: string;
  /**
   * True when the action changes state: such a call is retried after a network failure only when the request surely did
   * not reach the server.
   */
  readonly write: boolean;
  /** Schema of a successful answer, applied after {@link ActionSpec.lists} are normalized. */
  readonly response: Response;
  /**
   * The answer's wrapped lists (`FlowLogs.FlowLog`, ...), turned into arrays by `normalizeLists` before `response` checks
   * the answer. Done outside zod on purpose: a `z.preprocess` around the whole answer cost no more CPU but about 30 MiB
   * more peak RSS in bench/client.ts (more of each answer promoted to the old generation before it is collected).
   */
  readonly lists?: readonly ListShape[];
}
