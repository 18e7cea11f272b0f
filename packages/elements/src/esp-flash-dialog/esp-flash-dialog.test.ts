import { chipLabel } from "./views/summary.js";
import { expect, fixture, html, oneEvent } from "@open-wc/testing";
import { setLocale } from "../localization.js";
import "./esp-flash-dialog.js";
import type { EspFlashDialog } from "./esp-flash-dialog.js";
import { hostileManifest, plan, views } from "./fixtures.js";
import type { Actions, View } from "./view-state.js";

async function show(view: View, actions?: Partial<Actions>): Promise<EspFlashDialog> {
  const el = await fixture<EspFlashDialog>(html`<esp-flash-dialog .view=${view}></esp-flash-dialog>`);
  if (actions) el.actions = { ...el.actions, ...actions };
  await el.updateComplete;
  return el;
}
const text = (el: EspFlashDialog) => el.shadowRoot!.querySelector("dialog")!.textContent!.replace(/\s+/g, " ");

describe("<esp-flash-dialog>", () => {
  for (const [name, view] of Object.entries(views)) {
    if (name === "console") continue; // covered by esp-flash-console tests
    it(`renders the ${name} view as an accessible modal`, async () => {
      const el = await show(view);
      const dialog = el.shadowRoot!.querySelector("dialog")!;
      expect(dialog.open).to.equal(true);
      expect(dialog.matches(":modal")).to.equal(true);
      expect(el.shadowRoot!.querySelector("h2")!.textContent).to.not.equal("");
      await expect(el).to.be.accessible();
    });
  }

  it("says what the header patch does in plain words", async () => {
    const el = await show(views.summary!);
    expect(text(el)).to.contain("Firmware header says 1MB, this board has 4MB — fixed while writing.");
    expect(text(el)).to.contain("5c:cf:7f:12:34:56");
  });

  it("says why nothing is patched on a chip with secure boot", async () => {
    const el = await show(views.securedSummary!);
    expect(text(el)).to.contain("This ESP32-C3 has secure boot v2 enabled: image headers are written exactly as built");
    expect(text(el)).to.not.contain("fixed while writing");
  });

  it("renders hostile manifest text as text", async () => {
    const el = await show({ name: "summary", plan, manifest: hostileManifest, notes: [], askErase: false });
    expect(el.shadowRoot!.querySelector("img, script")).to.equal(null);
    expect(el.shadowRoot!.querySelector("h2")!.textContent).to.contain("<img src=x onerror=alert(1)>");
  });

  it("moves focus to each new view's main control", async () => {
    const el = await show(views.connecting!);
    el.view = views.error!;
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement!.textContent).to.equal("Retry");
    el.view = views.verifying!;
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement!.tagName).to.equal("H2");
  });

  it("routes Escape through the flow instead of closing at once", async () => {
    let closed = 0;
    const el = await show(views.progress!, { close: () => closed++ });
    const dialog = el.shadowRoot!.querySelector("dialog")!;
    const cancel = oneEvent(dialog, "cancel");
    dialog.dispatchEvent(new Event("cancel", { cancelable: true }));
    await cancel;
    expect(closed).to.equal(1);
    expect(dialog.open).to.equal(true);
  });

  it("lets the person pick a build and the erase choice by keyboard-reachable controls", async () => {
    const picked: string[] = [];
    const el = await show(views.chooseBuild!, { chooseBuild: (b) => picked.push(b.name!) });
    const buttons = el.shadowRoot!.querySelectorAll<HTMLButtonElement>("button.build");
    expect(buttons.length).to.equal(2);
    buttons[1]!.click();
    expect(picked).to.deep.equal(["MicroPython 1.24 (OTA, 2MB+)"]);
    let erase: boolean | undefined;
    el.view = views.erase!;
    el.actions = { ...el.actions, setErase: (e) => (erase = e) };
    await el.updateComplete;
    const box = el.shadowRoot!.querySelector<HTMLInputElement>("input[type=checkbox]")!;
    expect(el.shadowRoot!.activeElement).to.equal(box);
    box.click();
    expect(erase).to.equal(true);
  });

  describe("locales", () => {
    after(() => setLocale("en"));
    const expected = { en: "Install MicroPython 1.24.1?", de: "MicroPython 1.24.1 installieren?", "zh-Hans": "安装 MicroPython 1.24.1？" };
    for (const [locale, title] of Object.entries(expected)) {
      it(`renders every view in ${locale}`, async () => {
        await setLocale(locale);
        const el = await show(views.summary!);
        expect(el.shadowRoot!.querySelector("h2")!.textContent).to.equal(title);
        for (const view of Object.values(views)) {
          if (view.name === "console") continue;
          el.view = view;
          await el.updateComplete;
          expect(text(el).trim()).to.not.equal("");
        }
        const labels = [...el.shadowRoot!.querySelectorAll("button")].map((b) => b.textContent);
        expect(labels.includes("Retry")).to.equal(locale === "en");
      });
    }
  });
});

describe("chip label", () => {
  it("names the revision once", () => {
    expect(chipLabel({ chipName: "ESP32-C3 (QFN32) (revision v0.4)", revision: "4" })).to.equal("ESP32-C3 (QFN32) (revision v0.4)");
    expect(chipLabel({ chipName: "ESP8266EX", revision: "1" })).to.equal("ESP8266EX (rev 1)");
    expect(chipLabel({ chipName: "ESP8266EX" })).to.equal("ESP8266EX");
  });
});
