// What a page author puts inside the element is its fallback: an unknown element shows its
// content where the script never runs (a page opened from file://, a blocked script); once the
// button renders, the content must go (no default slot shows it).
import { expect, fixture, html } from "@open-wc/testing";
import "./define.js";
import type { EspFlashButton } from "./esp-flash-button.js";

describe("fallback content", () => {
  it("is hidden once the button renders, which shows its own activate slot", async () => {
    const el = await fixture<EspFlashButton>(
      html`<esp-flash-button manifest="m.json"><p>Serve this page over https</p></esp-flash-button>`,
    );
    await new Promise((resolve) => requestAnimationFrame(resolve));
    expect(el.querySelector("p")!.checkVisibility()).to.equal(false);
    expect(el.shadowRoot!.querySelector("slot")).to.not.equal(null);
  });
});
