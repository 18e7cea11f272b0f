// @lit/localize in runtime mode. English is built in; the other locales load on demand.
import { configureLocalization } from "@lit/localize";

export const LOCALES = ["en", "de", "zh-Hans"] as const;
export type Locale = (typeof LOCALES)[number];

const loaders = {
  de: () => import("./generated/locales/de.js"),
  "zh-Hans": () => import("./generated/locales/zh-Hans.js"),
} as const;

export const { getLocale, setLocale } = configureLocalization({
  sourceLocale: "en",
  targetLocales: ["de", "zh-Hans"],
  loadLocale: (locale) => loaders[locale as keyof typeof loaders](),
});

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

/** Switches the (page-wide) locale to the one `el` asks for; resolves when it is loaded. */
export async function followLang(el: Element): Promise<Locale> {
  const locale = pickLocale(langOf(el));
  if (getLocale() !== locale) await setLocale(locale);
  return locale;
}
