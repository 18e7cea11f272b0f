import { expect, fixture, html } from "@open-wc/testing";
import "./define.js";
import { serialSupport } from "./esp-flash-button.js";

describe("<esp-flash-button>", () => {
  it("offers the activate slot when Web Serial is available", async () => {
    const el = await fixture(html`<esp-flash-button manifest="m.json"></esp-flash-button>`);
    // Headless Chromium on localhost is a secure context with Web Serial.
    expect(el.hasAttribute("install-supported")).to.equal(true);
    expect(el.shadowRoot!.querySelector("slot[name=activate]")).to.exist;
  });

  it("reports unsupported and not-allowed browsers", () => {
    expect(serialSupport({} as Navigator, true)).to.equal("unsupported");
    expect(serialSupport(navigator, false)).to.equal("not-allowed");
  });
});
