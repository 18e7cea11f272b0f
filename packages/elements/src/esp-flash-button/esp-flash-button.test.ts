import { expect, fixture, html } from "@open-wc/testing";
import { waitUntil } from "../../test/helpers/wait-until.js";
import "./define.js";
import { serialSupport, type EspFlashButton } from "./esp-flash-button.js";

/** Runs `fn` with a property hidden from `target` (as an older browser or http page would). */
async function without(target: object, key: string, fn: () => Promise<void>, value?: unknown) {
  const own = Object.getOwnPropertyDescriptor(target, key);
  if (value === undefined) delete (target as Record<string, unknown>)[key];
  else Object.defineProperty(target, key, { value, configurable: true });
  try {
    await fn();
  } finally {
    if (own) Object.defineProperty(target, key, own);
    else delete (target as Record<string, unknown>)[key];
  }
}

describe("<esp-flash-button>", () => {
  it("loads nothing heavy up front", () => {
    const loaded = performance.getEntriesByType("resource").map((e) => e.name);
    expect(
      loaded.filter((n) => /esptool-js|xterm|esp-flash-dialog|esp-flash-console|\/core\//.test(n)),
    ).to.deep.equal([]);
  });

  it("offers the activate slot when Web Serial is available", async () => {
    const el = await fixture<EspFlashButton>(
      html`<esp-flash-button manifest="m.json"></esp-flash-button>`,
    );
    expect(el.hasAttribute("install-supported")).to.equal(true);
    expect(el.shadowRoot!.querySelector("slot[name=activate]")).to.exist;
    await expect(el).to.be.accessible();
  });

  it("reports unsupported and not-allowed browsers", () => {
    expect(serialSupport({} as Navigator, true)).to.equal("unsupported");
    expect(serialSupport({ usb: {} } as unknown as Navigator, true)).to.equal("supported"); // Android: WebUSB only
    expect(serialSupport(navigator, false)).to.equal("not-allowed");
  });

  it("shows the unsupported slot in a browser with neither Web Serial nor WebUSB", async () => {
    await without(Navigator.prototype, "serial", () =>
      without(Navigator.prototype, "usb", async () => {
        const el = await fixture<EspFlashButton>(html`<esp-flash-button manifest="m.json">
        <span slot="unsupported">Use Chrome</span></esp-flash-button>`);
        expect(el.hasAttribute("install-unsupported")).to.equal(true);
        expect(
          el
            .shadowRoot!.querySelector<HTMLSlotElement>("slot[name=unsupported]")!
            .assignedNodes()[0]!.textContent,
        ).to.equal("Use Chrome");
      }),
    );
  });

  it("shows the not-allowed slot on an insecure page", async () => {
    await without(
      window,
      "isSecureContext",
      async () => {
        const el = await fixture<EspFlashButton>(
          html`<esp-flash-button manifest="m.json"></esp-flash-button>`,
        );
        expect(el.hasAttribute("install-unsupported")).to.equal(true);
        const slot = el.shadowRoot!.querySelector("slot[name=not-allowed]")!;
        // The notes load in their own small chunk.
        await waitUntil(() => slot.textContent !== "", "the note never showed");
        expect(slot.textContent).to.contain("https");
      },
      false,
    );
  });

  it("labels itself in the language of its own lang, an ancestor's or the document's", async () => {
    const label = (el: EspFlashButton) => el.shadowRoot!.querySelector("button")!.textContent;
    const own = await fixture<EspFlashButton>(
      html`<esp-flash-button lang="de" manifest="m.json"></esp-flash-button>`,
    );
    expect(label(own)).to.equal("Verbinden");
    own.setAttribute("lang", "zh-CN");
    expect(label(own)).to.equal("连接");
    own.removeAttribute("lang");
    expect(label(own)).to.equal("Connect");
    const wrapped = await fixture<HTMLElement>(
      html`<div lang="de-AT"><esp-flash-button manifest="m.json"></esp-flash-button></div>`,
    );
    expect(label(wrapped.querySelector("esp-flash-button")!)).to.equal("Verbinden");
    document.documentElement.lang = "zh-Hans";
    try {
      const page = await fixture<EspFlashButton>(
        html`<esp-flash-button manifest="m.json"></esp-flash-button>`,
      );
      expect(label(page)).to.equal("连接");
    } finally {
      document.documentElement.lang = "en";
    }
  });

  it("shows its notes in the element's language", async () => {
    await without(
      window,
      "isSecureContext",
      async () => {
        const el = await fixture<EspFlashButton>(
          html`<esp-flash-button lang="de" manifest="m.json"></esp-flash-button>`,
        );
        const slot = el.shadowRoot!.querySelector("slot[name=not-allowed]")!;
        await waitUntil(() => slot.textContent !== "", "the note never showed");
        expect(slot.textContent).to.equal("Flashen braucht eine sichere Seite (https).");
      },
      false,
    );
  });

  it("reflects attributes into properties, and keeps properties set before the element was defined", async () => {
    const el = await fixture<EspFlashButton>(
      html`<esp-flash-button manifest="m.json" erase="never" baud-rate="460800"></esp-flash-button>`,
    );
    expect([el.manifest, el.erase, el.baudRate]).to.deep.equal(["m.json", "never", 460800]);
    el.removeAttribute("baud-rate");
    expect(el.baudRate).to.equal(undefined);
    // An element created before its class is registered keeps what a framework set on it.
    const early = document.createElement("esp-flash-button-late") as EspFlashButton;
    const manifest = { name: "x", builds: [] };
    Object.assign(early, { manifest, erase: "always" });
    customElements.define(
      "esp-flash-button-late",
      class extends (customElements.get("esp-flash-button") as typeof EspFlashButton) {},
    );
    document.body.append(early);
    try {
      expect(early.manifest).to.equal(manifest);
      expect(early.erase).to.equal("always");
      expect(Object.prototype.hasOwnProperty.call(early, "manifest")).to.equal(false);
    } finally {
      early.remove();
    }
  });

  it("a manifest property set before the upgrade wins over the manifest attribute", async () => {
    // ESP Web Tools' own page sets `manifest` from `?manifest=` before the script has loaded.
    const early = document.createElement("esp-flash-button-preset") as EspFlashButton;
    early.setAttribute("manifest", "from-markup.json");
    early.setAttribute("erase", "never");
    const chosen = { name: "chosen", builds: [] };
    Object.assign(early, { manifest: chosen });
    document.body.append(early);
    customElements.define(
      "esp-flash-button-preset",
      class extends (customElements.get("esp-flash-button") as typeof EspFlashButton) {},
    );
    try {
      expect(early.manifest).to.equal(chosen);
      expect(early.erase).to.equal("never");
      // Later attribute changes apply as usual.
      early.setAttribute("manifest", "later.json");
      expect(early.manifest).to.equal("later.json");
    } finally {
      early.remove();
    }
  });

  it("styles its shadow root with an adopted stylesheet and exposes the button part", async () => {
    const el = await fixture<EspFlashButton>(html`<esp-flash-button manifest="m.json"
      style="--esp-flash-accent: rgb(1, 2, 3)"></esp-flash-button>`);
    expect(el.shadowRoot!.adoptedStyleSheets).to.have.length(1);
    expect(el.shadowRoot!.querySelector("style, [style]")).to.equal(null);
    const button = el.shadowRoot!.querySelector("[part=button]")!;
    expect(getComputedStyle(button).backgroundColor).to.equal("rgb(1, 2, 3)");
    // An unstyled page's serif is not inherited: the system UI font unless --esp-flash-font says otherwise.
    expect(getComputedStyle(button).fontFamily).to.equal("system-ui, sans-serif");
  });
});
