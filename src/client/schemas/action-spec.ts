import type { z } from "zod";

/** What the client knows of one API action. */
export interface ActionSpec<Response extends z.ZodType = z.ZodType> {
  /** The API action name, e.g. `CreateFlowLog`. */
  readonly action: string;
  /**
   * True when the action changes state: such a call is retried after a network failure only when the request surely did
   * not reach the server.
   */
  readonly write: boolean;
  /** Schema of a successful answer. */
  readonly response: Response;
}
