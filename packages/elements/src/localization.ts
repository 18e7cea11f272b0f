// @lit/localize in runtime mode. English is built in; the other locales load on demand.
import { configureLocalization } from "@lit/localize";
import { langOf, pickLocale, type Locale } from "./locale-tag.js";

export { LOCALES, langOf, pickLocale, type Locale } from "./locale-tag.js";

const loaders = {
  de: () => import("./generated/locales/de.js"),
  "zh-Hans": () => import("./generated/locales/zh-Hans.js"),
} as const;

export const { getLocale, setLocale } = configureLocalization({
  sourceLocale: "en",
  targetLocales: ["de", "zh-Hans"],
  loadLocale: (locale) => loaders[locale as keyof typeof loaders](),
});

/** Switches the (page-wide) locale to the one `el` asks for; resolves when it is loaded. */
export async function followLang(el: Element): Promise<Locale> {
  const locale = pickLocale(langOf(el));
  if (getLocale() !== locale) await setLocale(locale);
  return locale;
}
