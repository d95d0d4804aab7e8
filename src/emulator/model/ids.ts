const ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
/** Characters after `fl-` in a flow-log ID (the real ones look like `fl-m5e8vhz2t21sel1nq****`). */
export const FLOW_LOG_ID_SUFFIX_LENGTH = 20;

/** `fl-` + 20 lower-case alphanumerics drawn from `random` (values in [0, 1), like Math.random). */
export function newFlowLogId(random: () => number): string {
  let suffix = "";
  for (let i = 0; i < FLOW_LOG_ID_SUFFIX_LENGTH; i++) {
    const index = Math.min(ID_ALPHABET.length - 1, Math.floor(random() * ID_ALPHABET.length));
    suffix += ID_ALPHABET[index];
  }
  return `fl-${suffix}`;
}

/** The service's timestamp format, `2022-01-21T03:08:50Z`: UTC, whole seconds, no milliseconds. */
export function formatCreationTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}
