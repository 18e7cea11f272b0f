// The button's own three strings, per locale. They are shown before anything else loads, so
// they live here rather than in @lit/localize's tables (which load with the dialog).
import type { Locale } from "../locale-tag.js";

/** By what the browser supports: the button's label, or the note shown instead of it. */
export interface ButtonStrings {
  supported: string; unsupported: string; "not-allowed": string;
  /** The label after the installer's code failed to load (offline): nothing else can show. */
  failed: string;
}

export const BUTTON_STRINGS: Record<Locale, ButtonStrings> = {
  en: {
    supported: "Connect",
    unsupported: "Your browser cannot flash boards: use Chrome or Edge on a computer.",
    "not-allowed": "Flashing needs a secure page (https).",
    failed: "Could not load: reload the page",
  },
  de: {
    supported: "Verbinden",
    unsupported: "Dieser Browser kann keine Boards flashen: Nutzen Sie Chrome oder Edge auf einem Computer.",
    "not-allowed": "Flashen braucht eine sichere Seite (https).",
    failed: "Laden fehlgeschlagen: Seite neu laden",
  },
  "zh-Hans": {
    supported: "连接",
    unsupported: "此浏览器无法烧录开发板：请在电脑上使用 Chrome 或 Edge。",
    "not-allowed": "烧录需要安全页面（https）。",
    failed: "加载失败：请刷新页面",
  },
};
