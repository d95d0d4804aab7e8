export { percentEncode } from "./percent-encode";
export { canonicalQueryString } from "./canonical-query";
export { canonicalizeHeaders, type CanonicalHeaders } from "./canonical-headers";
export { stringToSignV2, signV2, type SignV2Input } from "./v2";
export { signV3, signCanonicalRequestV3, type SignV3Input, type SignV3Result } from "./v3";
export { ACS3_HMAC_SHA256, formatAuthorizationV3, parseAuthorizationV3, type Acs3Authorization } from "./authorization";
export { sha256Hex, signaturesEqual, EMPTY_BODY_SHA256 } from "./digest";
export { formatAcsTimestamp } from "./timestamp";
export { SigningInputError, type SigningInputReason } from "./errors";
