// The backup option says what range the file will hold: the whole flash only when the chip's
// flash ID gives its size; with an unknown ID, the range the firmware states, and that it may
// not be all of the flash.
import { expect, fixture, html } from "@open-wc/testing";
import "../esp-flash-dialog.js";
import type { EspFlashDialog } from "../esp-flash-dialog.js";
import { device8266, plan, views } from "../fixtures.js";
import type { View } from "../view-state.js";

async function hint(view: View): Promise<string> {
  const el = await fixture<EspFlashDialog>(
    html`<esp-flash-dialog inline .view=${view}></esp-flash-dialog>`,
  );
  await el.updateComplete;
  return el.shadowRoot!.querySelector(".backup .hint")!.textContent!.replace(/\s+/g, " ").trim();
}

const summary = views.summaryKeep as View & { name: "summary" };

describe("the backup option names the range its file holds", () => {
  it("the chip's flash ID gives the size: the whole flash, with its range", async () => {
    expect(await hint(summary)).to.equal(
      "Downloads a file of the whole flash (4 MB, 0x0–0x400000) before anything is written.",
    );
  });

  it("an unknown flash ID: the range the firmware states, and that it may not be all", async () => {
    const unknownId = {
      ...plan,
      device: { ...device8266, flashSize: undefined },
      flashBound: { bytes: 2_097_152, name: "2MB", source: "image header" as const },
    };
    const text = await hint({ ...summary, plan: unknownId });
    expect(text).to.contain("0x0–0x200000 (2 MB, the size the firmware states)");
    expect(text).to.contain("this may not be all of it");
    expect(text).to.not.contain("whole flash").and.to.not.contain("everything");
    // The erase confirmation offers the same option with the same words.
    const erase = await hint({ name: "erase", plan: unknownId, erase: true, backup: true });
    expect(erase).to.equal(text);
  });

  it("no size at all: says a backup cannot tell how much to read", async () => {
    const { flashBound: _, ...noBound } = plan;
    const text = await hint({
      ...summary,
      plan: { ...noBound, device: { ...device8266, flashSize: undefined } },
    });
    expect(text).to.contain("cannot tell how much to read");
  });
});
