import { chipLabel } from "./views/summary.js";
import { expect, fixture, html, oneEvent } from "@open-wc/testing";
import { emulateMedia } from "@web/test-runner-commands";
import { setLocale } from "../localization.js";
import "./esp-flash-dialog.js";
import type { EspFlashDialog } from "./esp-flash-dialog.js";
import { hostileManifest, manifest, plan, views } from "./fixtures.js";
import type { Actions, View } from "./view-state.js";

async function show(view: View, actions?: Partial<Actions>): Promise<EspFlashDialog> {
  const el = await fixture<EspFlashDialog>(
    html`<esp-flash-dialog .view=${view}></esp-flash-dialog>`,
  );
  if (actions) el.actions = { ...el.actions, ...actions };
  await el.updateComplete;
  return el;
}
const text = (el: EspFlashDialog) =>
  el.shadowRoot!.querySelector("dialog")!.textContent!.replace(/\s+/g, " ");

describe("<esp-flash-dialog>", () => {
  describe("accessibility", () => {
    // Buttons fade to their colours; axe would measure contrast mid-fade. Reduced motion has none.
    before(() => emulateMedia({ reducedMotion: "reduce" }));
    after(() => emulateMedia({ reducedMotion: "no-preference" }));
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
  });

  it("says what the header patch does in plain words", async () => {
    const el = await show(views.summary!);
    expect(text(el)).to.contain(
      "Firmware header says 1 MB, this board has 4 MB — fixed while writing.",
    );
    expect(text(el)).to.contain("To write 620 kB");
    expect(text(el)).to.contain("5c:cf:7f:12:34:56");
  });

  it("says why nothing is patched on a chip with secure boot", async () => {
    const el = await show(views.securedSummary!);
    expect(text(el)).to.contain(
      "This chip has secure boot or flash encryption on: the firmware is written exactly as built",
    );
    expect(text(el)).to.not.contain("fixed while writing");
  });

  it("renders hostile manifest text as text", async () => {
    const el = await show({
      name: "summary",
      plan,
      manifest: hostileManifest,
      notes: [],
      askErase: false,
    });
    expect(el.shadowRoot!.querySelector("img, script")).to.equal(null);
    expect(el.shadowRoot!.querySelector("h2")!.textContent).to.contain(
      "<img src=x onerror=alert(1)>",
    );
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
    const el = await show(views.summary!, { close: () => closed++ });
    const dialog = el.shadowRoot!.querySelector("dialog")!;
    const cancel = oneEvent(dialog, "cancel");
    dialog.dispatchEvent(new Event("cancel", { cancelable: true }));
    await cancel;
    expect(closed).to.equal(1);
    expect(dialog.open).to.equal(true);
    // While the flash is written, Escape does nothing (Stop stays).
    el.view = views.progress!;
    await el.updateComplete;
    dialog.dispatchEvent(new Event("cancel", { cancelable: true }));
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

  it("says when the firmware is already installed: nothing to write, no erase question, erase on request", async () => {
    let reinstall = 0;
    const el = await show(views.summaryInstalled!, { reinstall: () => reinstall++ });
    expect(text(el)).to.contain("MicroPython 1.24.1 is already installed");
    expect(text(el)).to.contain(
      "Already installed — nothing to write; the board will be checked and restarted.",
    );
    expect(text(el)).to.not.contain("To write");
    expect(text(el)).to.not.contain("fixed while writing");
    const labels = [...el.shadowRoot!.querySelectorAll("button")].map((b) => b.textContent);
    expect(labels).to.deep.equal(["Erase and reinstall…", "Cancel", "Continue"]);
    expect(el.shadowRoot!.activeElement!.textContent).to.equal("Continue");
    el.shadowRoot!.querySelector("button")!.click();
    expect(reinstall).to.equal(1);
    el.view = views.doneUnchanged!;
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector("h2")!.textContent).to.equal("Already up to date");
    expect(text(el)).to.contain("was already on the board, byte for byte. Nothing was written");
  });

  it("asks for the RESET button when the board did not restart after a verified install", async () => {
    const el = await show(views.done!);
    expect(text(el)).to.contain("The board has restarted into it.");
    el.view = views.donePressReset!;
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector("h2")!.textContent).to.equal("Installed");
    expect(text(el)).to.contain("was written and verified. The board did not restart on its own");
    expect(text(el)).to.contain("press its RESET button");
    expect(text(el)).to.not.contain("has restarted");
  });

  it("explains an unknown flash size in the person's language", async () => {
    await setLocale("de");
    try {
      const unknown = {
        ...plan,
        device: { ...plan.device, flashSize: undefined, flashId: 0x1234 },
        flashSizeNote:
          "Flash ID 0x1234 is not in the known tables, so the flash size is unknown: keeping the size written in the image header.",
      };
      const el = await show({
        name: "summary",
        plan: unknown,
        manifest,
        notes: [],
        askErase: false,
      });
      expect(text(el)).to.contain("Flash-Größeunbekannt"); // <dt>Flash-Größe</dt><dd>unbekannt</dd>
      expect(text(el)).to.contain(
        "Der Flash-Chip (ID 0x1234) steht nicht in den bekannten Tabellen",
      );
    } finally {
      await setLocale("en");
    }
  });

  it("holds still when the person asks for reduced motion, and uses a system font", async () => {
    const el = await show(views.connecting!);
    const spinner = el.shadowRoot!.querySelector(".icon.busy")!;
    expect(getComputedStyle(spinner).animationName).to.equal("spin");
    await emulateMedia({ reducedMotion: "reduce" });
    try {
      expect(getComputedStyle(spinner).animationName).to.equal("none");
      expect(getComputedStyle(el.shadowRoot!.querySelector("progress")!).animationName).to.equal(
        "none",
      );
    } finally {
      await emulateMedia({ reducedMotion: "no-preference" });
    }
    const font = getComputedStyle(el.shadowRoot!.querySelector("button")!).fontFamily;
    expect(font.startsWith("system-ui")).to.equal(true);
  });

  it("updates the bytes to write when erase is ticked", async () => {
    const el = await show({
      name: "erase",
      plan: views.summaryInstalled!.name === "summary" ? views.summaryInstalled!.plan : plan,
      erase: false,
    });
    const size = () => el.shadowRoot!.querySelector("[role=status]")!.textContent;
    expect(size()).to.equal("To write: 0 bytes");
    el.view = { ...el.view, erase: true } as View;
    await el.updateComplete;
    expect(size()).to.equal("To write: 620 kB");
  });

  it("offers Close first where a retry cannot help, and names sizes in one style", async () => {
    const el = await show(views.errorTooLarge!);
    const labels = [...el.shadowRoot!.querySelectorAll("button")].map((b) => b.textContent);
    expect(labels).to.deep.equal(["Copy details", "Close"]);
    expect(el.shadowRoot!.activeElement!.textContent).to.equal("Close");
    expect(el.shadowRoot!.querySelector(".primary")!.textContent).to.equal("Close");
    expect(text(el)).to.contain("The firmware is larger than this board's flash (1 MB).");
    el.view = views.error!; // unplugged mid-write: a retry can succeed
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector(".primary")!.textContent).to.equal("Retry");
  });

  it("isolates manifest text: a right-to-left override stays inside the name", async () => {
    const el = await show(views.summaryBidi!);
    const isolated = [...el.shadowRoot!.querySelectorAll("h2 bdi")];
    expect(isolated.map((b) => [b.getAttribute("dir"), b.textContent])).to.deep.equal([
      ["auto", "\u202EevilPython"],
      ["auto", "1.24.1"],
    ]);
    // Rendered, the version still reads left to right after the name.
    const [name, version] = isolated.map((b) => b.getBoundingClientRect());
    expect(version!.left).to.be.greaterThan(name!.right - 1);
  });

  it("keeps a 3,000-character name inside the dialog, cut to three lines with the full text at hand", async () => {
    const el = await show(views.summaryLong!);
    const dialog = el.shadowRoot!.querySelector("dialog")!;
    expect(dialog.getBoundingClientRect().width).to.be.at.most(innerWidth);
    expect(dialog.scrollWidth).to.be.at.most(dialog.clientWidth);
    const h2 = el.shadowRoot!.querySelector("h2")!;
    expect(h2.getBoundingClientRect().height).to.be.below(
      5 * parseFloat(getComputedStyle(h2).fontSize),
    );
    const name = h2.querySelector("bdi")!;
    expect(name.title).to.have.length(3000);
    expect(name.textContent).to.have.length(3000);
  });

  describe("locales", () => {
    after(() => setLocale("en"));
    const expected = {
      en: "Install MicroPython 1.24.1?",
      de: "MicroPython 1.24.1 installieren?",
      "zh-Hans": "安装 MicroPython 1.24.1？",
    };
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
        el.view = views.error!;
        await el.updateComplete;
        const labels = [...el.shadowRoot!.querySelectorAll("button")].map((b) => b.textContent);
        expect(labels.includes("Retry")).to.equal(locale === "en");
        // Core's message, translated by its code.
        const translated = {
          en: "The board stopped answering (was it unplugged?).",
          de: "Das Board antwortet nicht mehr (wurde es abgezogen?).",
          "zh-Hans": "开发板停止应答（是否已被拔出？）。",
        };
        expect(el.shadowRoot!.querySelector("[role=alert]")!.textContent).to.equal(
          translated[locale as keyof typeof translated],
        );
      });
    }
  });
});

describe("chip label", () => {
  it("names the revision once", () => {
    expect(chipLabel({ chipName: "ESP32-C3 (QFN32) (revision v0.4)", revision: "4" })).to.equal(
      "ESP32-C3 (QFN32) (revision v0.4)",
    );
    expect(chipLabel({ chipName: "ESP8266EX", revision: "1" })).to.equal("ESP8266EX (rev 1)");
    expect(chipLabel({ chipName: "ESP8266EX" })).to.equal("ESP8266EX");
  });
});
