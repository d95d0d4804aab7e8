/** The emulator's protocol layer: request parsing, signature verification, nonces and the error wire format. */
export { ProtocolError, protocolErrors } from "./errors";
export { decodeForm } from "./form";
export { clientRecord } from "./records";
export { originForm, parseRequest, type ParsedRequest, type RawRequest, type SignatureScheme } from "./request";
export { KeyRing, sameText, type AccessKeyPair, type StsCredentials } from "./keys";
export { NonceCache, type NonceCacheOptions } from "./nonce-cache";
export { checkTimestamp, TIMESTAMP_WINDOW_MS } from "./timestamp";
export { verifyV2, type VerifiedSignature } from "./v2";
export { verifyV3, parseAcsAuthorization, type AcsAuthorization } from "./v3";
export { API_VERSION, authenticate, checkTarget, type Authenticated, type AuthenticationContext, type RequestTarget } from "./authenticate";
export { JSON_CONTENT_TYPE, errorAnswer, recommendUrl, successAnswer, type WireAnswer, type WireError } from "./wire";
