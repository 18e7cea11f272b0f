// The note shown when the installer cannot start, in each locale and colour scheme.
import { emulateMedia, setViewport } from "@web/test-runner-commands";
import { visualDiff } from "../../test/helpers/visual-diff.js";
import { showCannotStart } from "./cannot-start.js";
import { adoptButtonStyles } from "./esp-flash-button.styles.js";

describe("cannot-start note looks as committed", () => {
  before(() => setViewport({ width: 1000, height: 1000 }));
  after(() => emulateMedia({ colorScheme: "light", reducedMotion: "no-preference" }));

  for (const lang of ["en", "de", "zh-Hans"]) {
    for (const scheme of ["light", "dark"] as const) {
      it(`${lang}, ${scheme}`, async () => {
        await emulateMedia({ colorScheme: scheme, reducedMotion: "reduce" });
        const host = document.createElement("div");
        document.body.append(host);
        const root = adoptButtonStyles(host.attachShadow({ mode: "open" })); // as in the button
        const note = showCannotStart(root, "load-failed", lang);
        (root.activeElement as HTMLElement | null)?.blur();
        try {
          await visualDiff(note, `cannot-start/load-failed-${lang}-${scheme}`);
        } finally {
          host.remove();
        }
      });
    }
  }
});
