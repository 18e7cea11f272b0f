/** How many leading bytes the sniff looks at. */
const SNIFF_BYTES = 256;

const MARKUP = /^<(!doctype[\s>]|!--|\?xml[\s?]|[a-z][a-z0-9-]*[\s/>])/i;
const JSON_START = /^[{[]\s*["{[\]}\d-]/;

/**
 * Whether the body is a web page, XML or JSON — an error or login page served instead of
 * the firmware — judged by its first bytes: a UTF-8 or UTF-16 BOM is honoured, leading
 * whitespace skipped, and the start must be markup (`<!doctype`, `<html`, `<head`, `<?xml`,
 * `<!-- …`) or JSON, in text without control bytes. Firmware and data images are binary
 * within their first bytes.
 */
export function looksLikeHtml(bytes: Uint8Array): boolean {
  const text = leadingText(bytes);
  if (text === undefined) return false;
  const start = text.replace(/^\s+/, "");
  return MARKUP.test(start) || JSON_START.test(start);
}

/** Error bodies servers send as plain text are short; firmware is not. */
const ERROR_TEXT_MAX = 1024;
const ERROR_TEXT =
  /^(\d{3}\b|not found|page not found|forbidden|access denied|unauthori[sz]ed|bad request|bad gateway|service unavailable|internal server error|error\b)/i;

/**
 * Whether the whole body is a short plain-text error message served with status 200 (e.g. Go's
 * "404 page not found"): text only, at most 1 KB, opening with a status or an error phrase.
 */
export function looksLikeErrorText(bytes: Uint8Array): boolean {
  if (bytes.length > ERROR_TEXT_MAX) return false;
  const text = leadingText(bytes);
  return text !== undefined && ERROR_TEXT.test(text.trim());
}

/** The first bytes as text, or undefined when they hold control bytes (binary data). */
function leadingText(bytes: Uint8Array): string | undefined {
  let encoding: "utf-8" | "utf-16le" | "utf-16be" = "utf-8";
  let at = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) at = 3;
  else if (bytes[0] === 0xff && bytes[1] === 0xfe) [encoding, at] = ["utf-16le", 2];
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) [encoding, at] = ["utf-16be", 2];
  const width = encoding === "utf-8" ? 1 : 2;
  const end = Math.min(bytes.length, at + SNIFF_BYTES * width);
  const text = new TextDecoder(encoding).decode(bytes.subarray(at, end - ((end - at) % width)));
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text) ? undefined : text;
}
