// What the button says instead of "Connect" where flashing cannot work. Its own small chunk:
// browsers that can flash never load it.
import type { Locale } from "../locale-tag.js";

export const BUTTON_NOTES: Record<Locale, Record<"unsupported" | "not-allowed", string>> = {
  en: {
    unsupported: "Your browser cannot flash boards: use Chrome or Edge on a computer.",
    "not-allowed": "Flashing needs a secure page (https).",
  },
  de: {
    unsupported:
      "Dieser Browser kann keine Boards flashen: Nutzen Sie Chrome oder Edge auf einem Computer.",
    "not-allowed": "Flashen braucht eine sichere Seite (https).",
  },
  "zh-Hans": {
    unsupported: "此浏览器无法烧录开发板：请在电脑上使用 Chrome 或 Edge。",
    "not-allowed": "烧录需要安全页面（https）。",
  },
};
