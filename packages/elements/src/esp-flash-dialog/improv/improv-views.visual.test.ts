// The Improv views whose layout a phone's width tests most (the dashboard's column of links and
// buttons, the Wi-Fi form's password row), in each locale and colour scheme, at desktop and
// 412 px, against committed screenshots (test/screenshots/).
import { fixture, html } from "@open-wc/testing";
import { emulateMedia, setViewport } from "@web/test-runner-commands";
import { visualDiff } from "../../../test/helpers/visual-diff.js";
import { setLocale } from "../../localization.js";
import "../esp-flash-dialog.js";
import type { EspFlashDialog } from "../esp-flash-dialog.js";
import { improvViews } from "./fixtures.js";

const LOCALES = ["en", "de", "zh-Hans"] as const;
const SCHEMES = ["light", "dark"] as const;
const VIEWS = ["dashboard", "wrongPassword"];
const WIDTHS = { desktop: 1000, phone: 412 } as const;

for (const [device, width] of Object.entries(WIDTHS)) {
  describe(`Improv views at ${device} width look as committed`, () => {
    before(async () => {
      await setViewport({ width, height: 1000 });
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
          for (const name of VIEWS) {
            el.view = improvViews[name]!;
            await el.updateComplete;
            (el.shadowRoot!.activeElement as HTMLElement | null)?.blur();
            await visualDiff(
              el.shadowRoot!.querySelector("dialog")!,
              `improv-${device}/${name}-${locale}-${scheme}`,
            );
          }
        });
      }
    }
  });
}
