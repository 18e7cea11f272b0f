// At a phone's width (412 px) and on a desktop, in each locale: the Wi-Fi form's "Show password"
// stays one line beside an input no taller than it, and the dashboard's links are as tall as
// its buttons. Measured from the rendered boxes.
import { expect, fixture, html } from "@open-wc/testing";
import { setViewport } from "@web/test-runner-commands";
import { setLocale } from "../../localization.js";
import "../esp-flash-dialog.js";
import type { EspFlashDialog } from "../esp-flash-dialog.js";
import { improvViews } from "./fixtures.js";

const WIDTHS = [412, 1000] as const;
const LOCALES = ["en", "de", "zh-Hans"] as const;

async function render(name: string) {
  const el = await fixture<EspFlashDialog>(
    html`<esp-flash-dialog .view=${improvViews[name]!}></esp-flash-dialog>`,
  );
  await el.updateComplete;
  return el.shadowRoot!;
}
const box = (e: Element) => e.getBoundingClientRect();
/** Lines of text in `e`: its height over its computed line height. */
function lines(e: Element): number {
  const range = document.createRange();
  range.selectNodeContents(e);
  const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
  return tops.size;
}

describe("Improv views at phone and desktop width", () => {
  after(async () => {
    await setViewport({ width: 1000, height: 1000 });
    await setLocale("en");
  });

  for (const width of WIDTHS) {
    for (const locale of LOCALES) {
      it(`${width} px, ${locale}: "Show password" is one line and the input keeps its height`, async () => {
        await setViewport({ width, height: 915 });
        await setLocale(locale);
        const root = await render("wrongPassword");
        const show = root.querySelector(".password button")!;
        const input = root.querySelector<HTMLInputElement>('.password input[name="password"]')!;
        const connect = root.querySelector('button[type="submit"]')!;
        expect(lines(show), "Show password wraps").to.equal(1);
        // One row: the input and the button beside it equally tall, about a one-line button's
        // height (three lines of "Show password" made both twice that).
        expect(box(input).height).to.be.closeTo(box(show).height, 1);
        expect(box(show).height).to.be.at.most(box(connect).height * 1.2);
        // The input keeps room to type in (about 15 characters; German's label is the widest).
        expect(box(input).width).to.be.at.least(120);
      });

      it(`${width} px, ${locale}: dashboard links and buttons are equally tall`, async () => {
        await setViewport({ width, height: 915 });
        await setLocale(locale);
        const root = await render("dashboard");
        const items = [...root.querySelectorAll(".menu > *")];
        expect(items.some((e) => e.tagName === "A")).to.equal(true);
        const heights = items.map((e) => Math.round(box(e).height));
        expect(Math.max(...heights) - Math.min(...heights), `heights ${heights}`).to.be.at.most(1);
      });
    }
  }
});
