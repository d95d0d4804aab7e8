import { percentEncode } from "./percent-encode";

/**
 * Orders parameter names as the official SDKs do: plain JavaScript string comparison of the raw (unencoded) names,
 * that is UTF-16 code-unit order, which is `Object.keys(params).sort()` in `@alicloud/pop-core` `lib/rpc.js` `normalize()`
 * and in `@alicloud/openapi-core` 1.0.8 `src/utils.ts` (`normalize()` for V2, `getAuthorizationQueryString()` for V3).
 * For the ASCII names every VPC API parameter has, this is also byte order of the names, encoded or not.
 */
function compareNames(a: string, b: string): number {
  if (a < b) return -1;
  if (a > b) return 1;
  return 0;
}

/**
 * Builds the canonical query string both signature versions sign.
 *
 * Names are sorted (see above), then each name and value is percent-encoded with {@link percentEncode} and joined as
 * `name=value` with `&`. An empty value gives `name=`; no parameters give the empty string. Names must already be the
 * flat wire names (`Tag.1.Key`, `TrafficPath.2`).
 *
 * Note: for V3, `@alicloud/openapi-core` 1.0.8 `getAuthorizationQueryString()` encodes only values, not names, while the
 * V3 signing page and `@alicloud/gateway-pop` encode both. The two agree for every name made of `A-Z a-z 0-9 - _ . ~`,
 * which covers all VPC API parameters; we follow the documented form.
 *
 * @param params flat map of wire parameter names to string values (the signature itself excluded).
 * @returns e.g. `AccessKeyId=testid&Action=DescribeRegions&Format=XML`.
 * @throws SigningInputError when a name or value holds an unpaired surrogate (see {@link percentEncode}).
 */
export function canonicalQueryString(params: Readonly<Record<string, string>>): string {
  return Object.keys(params)
    .sort(compareNames)
    .map((name) => `${percentEncode(name)}=${percentEncode(params[name] ?? "")}`)
    .join("&");
}
