/**
 * Turns a raw HTTP request into what the gateway works with: decoded query and form parameters, lower-case headers,
 * the signature scheme in use, and the action and version it names.
 *
 * What real clients send (/work/shared/api/NOTES.md "What real clients send"):
 * - `@alicloud/vpc20160428` V3: `POST /?<params>` with an empty body, no content-type, action and version in
 *   `x-acs-action` / `x-acs-version`, `Authorization: ACS3-HMAC-SHA256 ...`.
 * - the same SDK in V2 mode, and pop-core GET: everything in the query, `Signature` among the parameters.
 * - pop-core POST: everything in a form body; Terraform: common parameters in the query, the rest in the form body.
 * pop-core also sends `x-acs-action` / `x-acs-version` headers with a V2 signature, so an ACS3 Authorization header or a
 * `Signature` parameter decides the scheme; `x-acs-action` only does when neither is there.
 */
import { decodeForm } from "./form";
import { clientRecord } from "./records";

/** A request as read off the socket. `url` is the request target (`/?a=b`). */
export interface RawRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer;
}

/**
 * `v3`: ACS3 Authorization header, or (no `Signature` parameter) an `x-acs-action` header, i.e. a V3 request missing its
 * Authorization; `v2`: a `Signature` parameter; `none`: neither.
 */
export type SignatureScheme = "v3" | "v2" | "none";

/** A request decoded for authentication and dispatch. */
export interface ParsedRequest {
  readonly method: string;
  /** The path as sent (`/`). */
  readonly pathname: string;
  /** Query parameters, percent-decoded. */
  readonly query: Readonly<Record<string, string>>;
  /** Form-body parameters, percent-decoded (empty unless the body is a form). */
  readonly form: Readonly<Record<string, string>>;
  /** Query and form together (form wins on a clash): what the signature (V2) and the action see. */
  readonly params: Readonly<Record<string, string>>;
  /** Lower-case header names; repeated headers joined with ",". Like the parameter maps, it has no prototype. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  readonly scheme: SignatureScheme;
  /** From `x-acs-action` (V3) or the `Action` parameter; undefined when absent or empty. */
  readonly action: string | undefined;
  /** From `x-acs-version` (V3) or the `Version` parameter. */
  readonly version: string | undefined;
}

/** Parses a raw request; never throws. */
export function parseRequest(raw: RawRequest): ParsedRequest {
  const headers = normalizeHeaders(raw.headers);
  const { pathname, search } = splitTarget(raw.url);
  const query = decodeForm(search);
  const form = isFormBody(headers["content-type"], raw.body) ? decodeForm(raw.body.toString("utf8")) : {};
  const params = Object.assign(clientRecord(), query, form);
  const scheme = detectScheme(headers, params);
  const fromHeaders = scheme === "v3";
  return {
    method: raw.method.toUpperCase(),
    pathname,
    query,
    form,
    params,
    headers,
    body: raw.body,
    scheme,
    action: nonEmpty(fromHeaders ? (headers["x-acs-action"] ?? params.Action) : params.Action),
    version: nonEmpty(fromHeaders ? (headers["x-acs-version"] ?? params.Version) : params.Version),
  };
}

function normalizeHeaders(headers: RawRequest["headers"]): Record<string, string> {
  const out = clientRecord();
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(",") : value;
  }
  return out;
}

/**
 * The request target in origin form (`/path?query`): an absolute-form target (`http://host/path?query`), which a server
 * must accept (RFC 9112 3.2.2), loses its scheme and authority; V3's canonical URI is then `/` as the client signed it.
 */
export function originForm(target: string): string {
  const authority = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(target);
  if (authority === null) return target;
  const rest = target.slice(authority[0].length);
  return rest.startsWith("/") ? rest : `/${rest}`;
}

function splitTarget(target: string): { pathname: string; search: string } {
  const url = originForm(target);
  const at = url.indexOf("?");
  if (at < 0) return { pathname: url || "/", search: "" };
  return { pathname: url.slice(0, at) || "/", search: url.slice(at + 1) };
}

/** A form body is declared as one, or sent without a content-type at all (lenient, like the gateway). */
function isFormBody(contentType: string | undefined, body: Buffer): boolean {
  if (body.length === 0) return false;
  if (contentType === undefined) return true;
  return contentType.split(";")[0]!.trim().toLowerCase() === "application/x-www-form-urlencoded";
}

/**
 * An `x-acs-action` header without a V2 `Signature` is a V3-style request even when its Authorization is missing or not
 * ACS3: verifyV3 then answers IncompleteSignature about the Authorization, as it does for a malformed one, instead of a
 * misleading MissingParameter "Action".
 */
function detectScheme(headers: Readonly<Record<string, string>>, params: Readonly<Record<string, string>>): SignatureScheme {
  if (headers.authorization !== undefined && /^\s*ACS3-/i.test(headers.authorization)) return "v3";
  if (params.Signature !== undefined) return "v2";
  if (nonEmpty(headers["x-acs-action"]) !== undefined) return "v3";
  return "none";
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value;
}
