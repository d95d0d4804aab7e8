/**
 * The service's wire format for answers (docs/ARCHITECTURE.md, /work/shared/api/NOTES.md "Wire format"): JSON with
 * `content-type: application/json;charset=utf-8`; errors are `{RequestId, HostId, Code, Message, Recommend}`.
 */

/** The content type the service answers with, byte for byte. */
export const JSON_CONTENT_TYPE = "application/json;charset=utf-8";

/** What the server writes: a status, headers (lower-case names) and a JSON body. */
export interface WireAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** An error as the wire carries it. */
export interface WireError {
  readonly code: string;
  readonly message: string;
  readonly httpStatus: number;
  readonly headers?: Readonly<Record<string, string>>;
}

/** The error centre link the service puts in `Recommend`. */
export function recommendUrl(code: string): string {
  return `https://error-center.aliyun.com/status/search?Keyword=${encodeURIComponent(code)}&source=PopGw`;
}

/** An error answer exactly shaped like the service's (field order as observed from vpc.aliyuncs.com). */
export function errorAnswer(error: WireError, requestId: string, hostId: string): WireAnswer {
  const body = {
    RequestId: requestId,
    HostId: hostId,
    Code: error.code,
    Message: error.message,
    Recommend: recommendUrl(error.code),
  };
  return { status: error.httpStatus, headers: { ...error.headers, "content-type": JSON_CONTENT_TYPE }, body: JSON.stringify(body) };
}

/** A 200 answer: the handler's result with `RequestId` first (a RequestId in the result is replaced). */
export function successAnswer(result: Readonly<Record<string, unknown>>, requestId: string): WireAnswer {
  const rest: Record<string, unknown> = { ...result };
  delete rest.RequestId;
  return { status: 200, headers: { "content-type": JSON_CONTENT_TYPE }, body: JSON.stringify({ RequestId: requestId, ...rest }) };
}
