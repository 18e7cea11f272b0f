const MB = 1024 * 1024;

/** 4194304 → "4MB", 524288 → "512KB", 1000 → "1000 bytes". */
export function formatBytes(bytes: number): string {
  if (bytes >= MB && bytes % (MB / 4) === 0) return `${bytes / MB}MB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024}KB`;
  if (bytes >= MB) return `${(bytes / MB).toFixed(2)}MB`;
  return `${bytes} bytes`;
}

export { hex } from "../hex.js";
