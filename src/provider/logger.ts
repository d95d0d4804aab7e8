/**
 * Progress lines. In the dynamic-provider process `pulumi.log.info` prints `info: [runtime] ...` on
 * stdout, which the CLI shows (pulumi NOTES.md, "Logging"); tests inject their own sink. Lines never
 * carry credentials: they are built from ids, statuses and client error messages (already redacted).
 */
import * as pulumi from "@pulumi/pulumi";

/** Receives one line of progress. */
export type Logger = (line: string) => void;

/** Writes through `pulumi.log.info`. */
export const pulumiLogger: Logger = (line) => {
  void pulumi.log.info(line);
};
