export { DownloadError, type DownloadErrorCode } from "./errors.js";
export { downloadPart, looksLikeHtml, MAX_PART_BYTES, type DownloadOptions } from "./download.js";
