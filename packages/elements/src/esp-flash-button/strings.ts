// The button's label, per locale. It shows before anything else loads, so it lives here rather
// than in @lit/localize's tables (which load with the dialog).
import type { Locale } from "../locale-tag.js";

export const BUTTON_LABELS: Record<Locale, string> = {
  en: "Connect",
  de: "Verbinden",
  "zh-Hans": "连接",
};

/** The label after the installer's code failed to load (offline), when nothing else can show. */
export const OFFLINE_LABEL = "Could not load: reload the page";
