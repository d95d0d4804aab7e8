// Valid-but-unusual inputs shared by test/odd-input (rules: shared/api/CreateFlowLog.txt, NOTES.md, src/resource/flow-log-args.ts).

/** Tag keys named like Object.prototype members and other JS-magic names; 8 tags. */
export const PROTO_TAGS: Record<string, string> = {
  constructor: "c",
  hasOwnProperty: "h",
  __defineGetter__: "g",
  valueOf: "v",
  then: "t",
  toJSON: "j",
  length: "5",
  toString: "s",
};

/** Keys and values with wire-significant and Unicode-tricky characters; 12 tags (with PROTO_TAGS: 20, the limit). */
export const CHAR_TAGS: Record<string, string> = {
  "a.b.c": "dots.",
  "k=v": "=x=",
  "a&b": "&&",
  "100%": "%20%",
  "a+b": "+ +",
  "sp ace ": "  lead and trail  ",
  "nl\nx": "tab\tv\r\n",
  "😀": "🎉",
  中文键: "值",
  "\u202Ertl\u200F": "\u05E9\u05DC\u05D5\u05DD",
  "👨\u200D👩\u200D👧": "z\u200Dw\u200Cj",
  "e\u0301": "",
};

/** 20 distinct keys of exactly 128 UTF-16 units (64 emoji each), values of 128 CJK characters: the largest valid tags. */
export function limitTags(salt = 0): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < 20; i++) out[String.fromCodePoint(0x1f600 + i + salt).repeat(64)] = String.fromCodePoint(0x4e00 + i + salt).repeat(128);
  return out;
}

/** 64 emoji: 128 UTF-16 units, FlowLogName's limit. */
export const NAME_128 = "😀".repeat(63) + "🎉";
/** 256 UTF-16 units with %20, +, &, =, RTL, combining marks and trailing spaces: Description's limit. */
export const DESCRIPTION_256 = (() => {
  const head = "%20 a+b=c&d \u202Eltr\u202C e\u0301 ";
  return head + "中".repeat(256 - head.length - 2) + "  ";
})();
