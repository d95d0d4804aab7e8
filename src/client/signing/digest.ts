import { createHmac, hash, timingSafeEqual } from "node:crypto";

/** Hex SHA-256 of the empty body: the `x-acs-content-sha256` of every request the VPC client sends without a body. */
export const EMPTY_BODY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/**
 * Lower-case hex SHA-256 of a request body, as sent in `x-acs-content-sha256` and used as the V3 HashedPayload.
 * @param body a string (hashed as its UTF-8 bytes) or raw bytes.
 * @returns 64 lower-case hex digits; {@link EMPTY_BODY_SHA256} for `""`.
 */
export function sha256Hex(body: string | Uint8Array): string {
  // One-shot `crypto.hash` (Node >= 21.7): no Hash object per call; strings are hashed as UTF-8 as `update()` does.
  return hash("sha256", body, "hex");
}

/**
 * HMAC over the UTF-8 bytes of `data` with the UTF-8 bytes of `key`, as text (digested straight to hex or base64: no
 * Buffer and second conversion, about 1 µs a signature).
 */
export function hmacText(algorithm: "sha1" | "sha256", key: string, data: string, encoding: "hex" | "base64"): string {
  return createHmac(algorithm, key).update(data, "utf8").digest(encoding);
}

/**
 * Compares two signatures without leaking where they first differ through timing (for a verifier such as the emulator).
 * @returns true only when both strings are equal; strings of different length are unequal without a byte compare.
 */
export function signaturesEqual(expected: string, actual: string): boolean {
  const a = Buffer.from(expected, "utf8");
  const b = Buffer.from(actual, "utf8");
  return a.length === b.length && timingSafeEqual(a, b);
}
