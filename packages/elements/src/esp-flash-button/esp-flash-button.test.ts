import { expect, fixture, html, waitUntil } from "@open-wc/testing";
import { setLocale } from "../localization.js";
import "./define.js";
import { serialSupport, type EspFlashButton } from "./esp-flash-button.js";

/** Runs `fn` with a property hidden from `target` (as an older browser or http page would). */
async function without(target: object, key: string, fn: () => Promise<void>, value?: unknown) {
  const own = Object.getOwnPropertyDescriptor(target, key);
  if (value === undefined) delete (target as Record<string, unknown>)[key];
  else Object.defineProperty(target, key, { value, configurable: true });
  try { await fn(); } finally {
    if (own) Object.defineProperty(target, key, own);
    else delete (target as Record<string, unknown>)[key];
  }
}

describe("<esp-flash-button>", () => {
  it("loads nothing heavy up front", () => {
    const loaded = performance.getEntriesByType("resource").map((e) => e.name);
    expect(loaded.filter((n) => /esptool-js|xterm|esp-flash-dialog|esp-flash-console|\/core\//.test(n))).to.deep.equal([]);
  });

  it("offers the activate slot when Web Serial is available", async () => {
    const el = await fixture<EspFlashButton>(html`<esp-flash-button manifest="m.json"></esp-flash-button>`);
    expect(el.hasAttribute("install-supported")).to.equal(true);
    expect(el.shadowRoot!.querySelector("slot[name=activate]")).to.exist;
    await expect(el).to.be.accessible();
  });

  it("reports unsupported and not-allowed browsers", () => {
    expect(serialSupport({} as Navigator, true)).to.equal("unsupported");
    expect(serialSupport(navigator, false)).to.equal("not-allowed");
  });

  it("shows the unsupported slot in a browser without Web Serial", async () => {
    await without(Navigator.prototype, "serial", async () => {
      const el = await fixture<EspFlashButton>(html`<esp-flash-button manifest="m.json">
        <span slot="unsupported">Use Chrome</span></esp-flash-button>`);
      expect(el.hasAttribute("install-unsupported")).to.equal(true);
      expect(el.shadowRoot!.querySelector<HTMLSlotElement>("slot[name=unsupported]")!.assignedNodes()[0]!.textContent).to.equal("Use Chrome");
    });
  });

  it("shows the not-allowed slot on an insecure page", async () => {
    await without(window, "isSecureContext", async () => {
      const el = await fixture<EspFlashButton>(html`<esp-flash-button manifest="m.json"></esp-flash-button>`);
      expect(el.hasAttribute("install-unsupported")).to.equal(true);
      expect(el.shadowRoot!.querySelector("slot[name=not-allowed]")!.textContent).to.contain("https");
    }, false);
  });

  it("follows lang on itself or the document", async () => {
    const el = await fixture<EspFlashButton>(html`<esp-flash-button lang="de" manifest="m.json"></esp-flash-button>`);
    await waitUntil(() => el.shadowRoot!.querySelector("button")!.textContent === "Verbinden", "not German", { timeout: 5000 });
    await setLocale("en");
  });
});
