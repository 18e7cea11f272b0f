// The dialog's views against committed screenshots, one test per locale and colour scheme.
import { fixture, html } from "@open-wc/testing";
import { emulateMedia, setViewport } from "@web/test-runner-commands";
import { setLocale } from "../../src/localization.js";
import "../../src/esp-flash-dialog/esp-flash-dialog.js";
import type { EspFlashDialog } from "../../src/esp-flash-dialog/esp-flash-dialog.js";
import type { View } from "../../src/esp-flash-dialog/view-state.js";
import { visualDiff } from "./visual-diff.js";

const LOCALES = ["en", "de", "zh-Hans"] as const;
const SCHEMES = ["light", "dark"] as const;

/**
 * Shows each of `views` in one dialog at `viewport` and compares it with the screenshot
 * `<folder>/<name>-<locale>-<scheme>`. Motion is reduced so spinners and entrances hold still,
 * and focus is taken away so no focus ring is in the picture.
 */
export function describeViewScreenshots(
  title: string,
  viewport: { width: number; height: number },
  folder: string,
  views: readonly (readonly [name: string, view: View])[],
): void {
  describe(title, () => {
    before(async () => {
      await setViewport(viewport);
      await document.fonts.ready;
    });
    after(async () => {
      await setViewport({ width: 1000, height: 1000 });
      await emulateMedia({ colorScheme: "light", reducedMotion: "no-preference" });
      await setLocale("en");
    });

    for (const locale of LOCALES) {
      for (const scheme of SCHEMES) {
        it(`${locale}, ${scheme}`, async () => {
          await emulateMedia({ colorScheme: scheme, reducedMotion: "reduce" });
          await setLocale(locale);
          document.documentElement.lang = locale;
          const el = await fixture<EspFlashDialog>(html`<esp-flash-dialog></esp-flash-dialog>`);
          for (const [name, view] of views) {
            el.view = view;
            await el.updateComplete;
            (el.shadowRoot!.activeElement as HTMLElement | null)?.blur();
            await visualDiff(
              el.shadowRoot!.querySelector("dialog")!,
              `${folder}/${name}-${locale}-${scheme}`,
            );
          }
        });
      }
    }
  });
}
