// The details under an error, shown and copied: over WebUSB (Android) they carry the advice the
// person sees, not core's desktop advice about USB-serial drivers.
import { expect, fixture, html } from "@open-wc/testing";
import "../esp-flash-dialog.js";
import type { EspFlashDialog } from "../esp-flash-dialog.js";
import type { View } from "../view-state.js";
import { withoutWebSerial } from "../../../test/helpers/without-web-serial.js";

// Core's advice for a port that would not open (session/errors.ts), word for word.
const DESKTOP_ADVICE =
  "Check the USB cable (some carry power only) and the USB-serial driver (CP210x/CH34x), then retry.";
const view: View = {
  name: "error",
  error: {
    step: "connecting",
    code: "port-open-failed",
    message: "Could not open the serial port: Failed to open the CH340.",
    advice: DESKTOP_ADVICE,
    details: `port-open-failed (connecting): Could not open the serial port: Failed to open the CH340.\n${DESKTOP_ADVICE}\n--- log ---\nConnecting...`,
  },
};

async function shownAndCopied() {
  const el = await fixture<EspFlashDialog>(
    html`<esp-flash-dialog .view=${view}></esp-flash-dialog>`,
  );
  const copied: string[] = [];
  el.actions = { ...el.actions, copy: (text: string) => void copied.push(text) };
  await el.updateComplete;
  const root = el.shadowRoot!;
  const copy = [...root.querySelectorAll("button")].find(
    (b) => b.textContent!.trim() === "Copy details",
  )!;
  copy.click();
  return { shown: root.querySelector("details pre")!.textContent!, copied, root };
}

describe("error details", () => {
  it("over WebUSB carry Android's advice, as the text above them, not the driver advice", async () => {
    const restore = withoutWebSerial();
    try {
      const { shown, copied, root } = await shownAndCopied();
      const todo = root.querySelector(".todo")!.textContent!;
      expect(todo).to.contain("USB OTG adapter");
      for (const details of [shown, copied[0]!]) {
        expect(details).to.not.contain("driver");
        expect(details).to.contain("Check the USB OTG adapter and cable");
        expect(details).to.contain("port-open-failed (connecting): Could not open the serial port");
        expect(details).to.contain("--- log ---\nConnecting...");
      }
      expect(copied).to.deep.equal([shown]);
    } finally {
      restore();
    }
  });

  it("with Web Serial keep core's advice as written", async () => {
    const { shown, copied } = await shownAndCopied();
    expect(shown).to.equal(view.name === "error" ? view.error.details : "");
    expect(copied).to.deep.equal([shown]);
  });
});
