// Every dialog view, in each locale and colour scheme, against committed screenshots
// (test/screenshots/). Motion is reduced so spinners and entrances hold still.
import { fixture, html } from "@open-wc/testing";
import { emulateMedia, setViewport } from "@web/test-runner-commands";
import { visualDiff } from "../../test/helpers/visual-diff.js";
import { setLocale } from "../localization.js";
import "./esp-flash-dialog.js";
import type { EspFlashDialog } from "./esp-flash-dialog.js";
import { views } from "./fixtures.js";

const LOCALES = ["en", "de", "zh-Hans"] as const;
const SCHEMES = ["light", "dark"] as const;

describe("dialog views look as committed", () => {
  before(async () => {
    await setViewport({ width: 1000, height: 1000 });
    await document.fonts.ready;
  });
  after(async () => {
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
        for (const [name, view] of Object.entries(views)) {
          if (view.name === "console") continue; // esp-flash-console.visual.test.ts
          el.view = view;
          await el.updateComplete;
          (el.shadowRoot!.activeElement as HTMLElement | null)?.blur(); // no focus ring in the picture
          await visualDiff(
            el.shadowRoot!.querySelector("dialog")!,
            `dialog/${name}-${locale}-${scheme}`,
          );
        }
      });
    }
  }
});

/** Views also checked at a phone's width (412 px): those this width changes most. */
const PHONE_VIEWS = [
  "summary",
  "summaryErase",
  "summaryKeep",
  "summaryUpdate",
  "summaryRunning",
  "erase",
  "eraseBackup",
  "portCancelled",
  "menuReading",
  "menu",
];

describe("dialog views at phone width look as committed", () => {
  before(async () => {
    await setViewport({ width: 412, height: 915 });
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
        for (const name of PHONE_VIEWS) {
          el.view = views[name]!;
          await el.updateComplete;
          (el.shadowRoot!.activeElement as HTMLElement | null)?.blur();
          await visualDiff(
            el.shadowRoot!.querySelector("dialog")!,
            `dialog-phone/${name}-${locale}-${scheme}`,
          );
        }
      });
    }
  }
});
