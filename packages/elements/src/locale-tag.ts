// Locale tags without @lit/localize, so the up-front button can pick its language too.
export const LOCALES = ["en", "de", "zh-Hans"] as const;
export type Locale = (typeof LOCALES)[number];

/** Maps a BCP 47 tag ("de-AT", "zh-CN", "zh-Hans-SG") to a locale we ship. */
export function pickLocale(lang: string | null | undefined): Locale {
  const tag = (lang ?? "").toLowerCase();
  if (tag === "zh" || /^zh-(hans|cn|sg)/.test(tag)) return "zh-Hans";
  if (tag === "de" || tag.startsWith("de-")) return "de";
  return "en";
}

/** The language in effect for an element: its own or an ancestor's `lang`, else the document's. */
export function langOf(el: Element): string {
  const own = el.closest("[lang]")?.getAttribute("lang");
  return own || document.documentElement.lang || "en";
}
