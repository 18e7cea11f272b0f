// Every Improv view, rendered from fixtures, passes axe (light and with manifest text that could be hostile).
import { expect, fixture, html } from "@open-wc/testing";
import "../esp-flash-dialog.js";
import type { EspFlashDialog } from "../esp-flash-dialog.js";
import { improvViews } from "./fixtures.js";

describe("Improv views are accessible", () => {
  for (const [name, view] of Object.entries(improvViews)) {
    it(`${name} passes axe`, async () => {
      const el = await fixture<EspFlashDialog>(
        html`<esp-flash-dialog inline .view=${view}></esp-flash-dialog>`,
      );
      await el.updateComplete;
      await expect(el).to.be.accessible();
    });
  }

  it("renders a device's name and networks as text, and links only http(s) URLs", async () => {
    const hostile = "<img src=x onerror=alert(1)>";
    const view = {
      ...improvViews.wifi!,
      deviceName: hostile,
      networks: [{ ssid: hostile, rssi: -50, secured: true }],
    };
    const el = await fixture<EspFlashDialog>(
      html`<esp-flash-dialog inline .view=${view as never}></esp-flash-dialog>`,
    );
    expect(el.shadowRoot!.querySelector("img")).to.equal(null);
    expect(el.shadowRoot!.textContent).to.contain(hostile);
  });
});
