// <esp-web-install-button>'s default button (ESP Web Tools' look) in each locale and colour
// scheme, against committed screenshots. Its label is ours and translated, so each locale.
import { fixture, html } from "@open-wc/testing";
import { emulateMedia, setViewport } from "@web/test-runner-commands";
import { visualDiff } from "../test/helpers/visual-diff.js";
import "./web-compat.js";

describe("<esp-web-install-button>'s default button looks as committed", () => {
  before(async () => {
    await setViewport({ width: 1000, height: 1000 });
    await document.fonts.ready;
  });
  after(() => emulateMedia({ colorScheme: "light", reducedMotion: "no-preference" }));

  for (const lang of ["en", "de", "zh-Hans"]) {
    for (const scheme of ["light", "dark"] as const) {
      it(`${lang}, ${scheme}`, async () => {
        await emulateMedia({ colorScheme: scheme, reducedMotion: "reduce" });
        const el = await fixture<HTMLElement>(
          html`<esp-web-install-button lang=${lang} manifest="manifest.json"></esp-web-install-button>`,
        );
        const face = el.shadowRoot!.querySelector("button[part=button]")!;
        // The label is set as the element renders; the picture needs it.
        if (!face.textContent) throw new Error("the default button has no label");
        await visualDiff(face, `ewt-compat/button-${lang}-${scheme}`);
      });
    }
  }
});
