// The up-front script: a plain custom element with no dependencies. Lit, the dialog, its
// translations, core and esptool-js load on the first click, while the port picker is open.
import type { SerialPortLike } from "../core-types.js";
import type { EraseMode } from "../esp-flash-dialog/controller.js";
import type { FlashOverrides } from "../esp-flash-dialog/improv/links.js";
import { langOf, pickLocale } from "../locale-tag.js";
import { adoptButtonStyles } from "./esp-flash-button.styles.js";
import { emit } from "./events.js";
import { BUTTON_LABELS, OFFLINE_LABEL } from "./strings.js";

// Importing under Node (SSR, tests of a page's code) must not throw: there is no HTMLElement there.
const ElementBase = (globalThis.HTMLElement ?? class {}) as typeof HTMLElement;

export type Support = "supported" | "unsupported" | "not-allowed";
type SerialNavigator = Navigator & { serial?: { requestPort(): Promise<SerialPortLike> } };

/** What this browser lets a page do with serial ports: Web Serial, or WebUSB (Android). */
export function serialSupport(
  nav: Navigator = navigator,
  secure = globalThis.isSecureContext,
): Support {
  if (!secure) return "not-allowed";
  return "serial" in nav || "usb" in nav ? "supported" : "unsupported";
}

interface Props {
  manifest: string | object;
  erase: EraseMode;
  baudRate: number | undefined;
  fetch: typeof fetch | undefined;
  overrides: FlashOverrides | undefined;
}

/**
 * A button that flashes ESP firmware described by a manifest (ESP Web Tools format).
 *
 * @attr {string} lang - `en`, `de` or `zh-Hans` (else an ancestor's or the document's `lang`).
 * @slot activate - Replaces the default button; clicking it starts the install.
 * @slot unsupported - Shown when the browser has neither Web Serial nor WebUSB.
 * @slot not-allowed - Shown when the page is not a secure context (https).
 * @csspart button - The default button.
 * @fires {EspFlashStateDetail} esp-flash-state - The dialog changed view or the session changed step.
 * @fires {EspFlashDoneDetail} esp-flash-done - Firmware written, verified, board restarted.
 * @fires {EspFlashErrorDetail} esp-flash-error - The install failed; `detail` says why and what to do.
 * @fires {EspFlashProvisioningDetail} esp-flash-provisioning - Wi-Fi settings were sent to the device (Improv); `detail.ssid`.
 * @fires {EspFlashProvisionedDetail} esp-flash-provisioned - The device joined the network; `detail.url` is where to visit it.
 * @cssprop --esp-flash-accent - Button and highlight color (falls back to ESP Web Tools' `--esp-tools-button-color`).
 * @cssprop --esp-flash-accent-text - Text on the accent color (falls back to `--esp-tools-button-text-color`).
 * @cssprop --esp-flash-surface - Dialog background.
 * @cssprop --esp-flash-text - Dialog text color.
 * @cssprop --esp-flash-muted - Secondary text.
 * @cssprop --esp-flash-border - Borders and outlines.
 * @cssprop --esp-flash-danger - Error text and icon.
 * @cssprop --esp-flash-success - Success icon.
 * @cssprop --esp-flash-note-background - Background of notes and details.
 * @cssprop --esp-flash-radius - Corner radius (the button falls back to `--esp-tools-button-border-radius`).
 * @cssprop --esp-flash-font - Font family (default: the system UI font).
 * @cssprop --esp-flash-mono - Monospace font (MAC address, details, console).
 * @cssprop --esp-flash-terminal-background - Console background.
 * @cssprop --esp-flash-terminal-text - Console text.
 * @cssprop --esp-flash-button-padding - Padding of the default button.
 */
export class EspFlashButton extends ElementBase {
  static observedAttributes = ["manifest", "erase", "baud-rate", "lang"];

  // Accessors, not fields: a value set on the element before its definition loaded stays on
  // the instance (fields would overwrite it on upgrade) and is taken over when connected.
  readonly #props: Props = {
    manifest: "",
    erase: "auto",
    baudRate: undefined,
    fetch: undefined,
    overrides: undefined,
  };

  /**
   * Manifest URL (resolved against the page), or a manifest object set as a property.
   * @attr manifest
   */
  get manifest(): string | object {
    return this.#props.manifest;
  }
  set manifest(value: string | object) {
    this.#props.manifest = value;
  }
  /**
   * Erase the flash first: ask (`prompt`), `always` or `never`. Without the attribute (`auto`), as
   * ESP Web Tools does: a new install erases (asks if the manifest sets `new_install_prompt_erase: true`),
   * an update of the same firmware does not.
   * @attr erase
   */
  get erase(): EraseMode {
    return this.#props.erase;
  }
  set erase(value: EraseMode) {
    this.#props.erase = value;
  }
  /**
   * Highest baud rate to try while flashing. Default: what the USB-UART bridge generates
   * (above 921600 only once the board's reset was seen to work).
   * @attr baud-rate
   */
  get baudRate(): number | undefined {
    return this.#props.baudRate;
  }
  set baudRate(value: number | undefined) {
    this.#props.baudRate = value;
  }
  /** As ESP Web Tools' `overrides`: `checkSameFirmware(manifest, improvInfo)` decides Update vs Install. */
  get overrides(): FlashOverrides | undefined {
    return this.#props.overrides;
  }
  set overrides(value: FlashOverrides | undefined) {
    this.#props.overrides = value;
  }
  /** The fetch used for the manifest and firmware (default: the page's). */
  get fetch(): typeof fetch | undefined {
    return this.#props.fetch;
  }
  set fetch(value: typeof fetch | undefined) {
    this.#props.fetch = value;
  }

  readonly #root: ShadowRoot;
  #support: Support = serialSupport();
  /** The slot showing the current face, and the default text inside it. */
  #face: { support: Support; slot: HTMLSlotElement; text: Text } | undefined;
  #busy = false;
  /** The previous install's session, which may still be releasing the port after a cancel. */
  #previous: { readonly settled: Promise<void>; dispose(): void } | undefined;
  /** The note shown when the installer could not start. */
  #problem: Element | undefined;

  constructor() {
    super();
    this.#root = adoptButtonStyles(this.attachShadow({ mode: "open" }));
  }

  connectedCallback(): void {
    // Upgrade: take over values set on the instance before the class was defined.
    for (const key of Object.keys(this.#props) as (keyof Props)[]) {
      if (!Object.hasOwn(this, key)) continue;
      const value: unknown = this[key];
      delete (this as Partial<Props>)[key];
      (this.#props as Record<keyof Props, unknown>)[key] = value;
    }
    this.#support = serialSupport();
    this.toggleAttribute("install-supported", this.#support === "supported");
    this.toggleAttribute("install-unsupported", this.#support !== "supported");
    this.#render();
  }

  /** Removed mid-install (and not just moved): stop, release the port, drop the dialog. */
  disconnectedCallback(): void {
    queueMicrotask(() => {
      if (this.isConnected) return;
      this.#previous?.dispose();
      this.#problem?.remove();
    });
  }

  attributeChangedCallback(name: string, _old: string | null, value: string | null): void {
    // A property the page set before the upgrade wins over the markup's attribute (ESP Web
    // Tools' page sets `manifest` from `?manifest=`): the upgrade's attribute callbacks run
    // before connectedCallback takes it over, while it is still the instance's own. (Only
    // where property and attribute share a name, manifest and erase: the 2 KB budget.)
    if (Object.hasOwn(this, name)) return;
    if (name === "manifest") this.manifest = value ?? "";
    else if (name === "erase") this.erase = (value ?? "auto") as EraseMode;
    else if (name === "baud-rate") this.baudRate = value === null ? undefined : Number(value);
    else if (name === "lang" && this.#face) this.#render();
  }

  /** Opens the port picker and the install dialog, as a click on the button does. */
  async activate(): Promise<void> {
    if (this.#busy || this.#support !== "supported") return;
    this.#busy = true;
    const picked = this.#requestPort();
    try {
      // Start loading the dialog (with core and esptool-js) and its language while the picker is open.
      const flow = import("../esp-flash-dialog/open.js");
      // A language that fails to load leaves the dialog in English rather than not at all.
      const language = import("../localization.js")
        .then((l) => l.followLang(this))
        .catch(() => undefined);
      const [port, { openFlow }] = await Promise.all([
        picked,
        flow,
        language,
        this.#previous?.settled,
      ]);
      const { controller } = openFlow(
        {
          host: this,
          root: this.#root,
          manifest: this.manifest,
          base: document.baseURI,
          erase: this.erase,
          baudRate: this.baudRate,
          fetch: this.fetch,
          overrides: this.overrides,
          requestPort: () => this.#requestPort(),
        },
        port,
      );
      this.#previous = controller;
    } catch (error) {
      await picked;
      await this.#cannotStart(error as Error & { code?: string });
    } finally {
      this.#busy = false;
    }
  }

  /**
   * The installer's code did not load, or another library holds its tag: tell the page and the
   * person, from a small chunk of its own so the up-front script stays small. If even that fails
   * (offline), the button's label says to reload, in English only: every byte here is paid by every
   * page. The port was only granted, never opened.
   */
  async #cannotStart(error: Error & { code?: string }): Promise<void> {
    this.#problem?.remove();
    this.#problem = await import("./cannot-start.js").then(
      (n) => n.cannotStart(this, this.#root, error),
      () => {
        emit(this, "esp-flash-error", {
          step: "connecting",
          code: "load-failed",
          message: String(error),
          details: "",
        });
        this.#face!.text.data = OFFLINE_LABEL;
        return undefined;
      },
    );
  }

  async #requestPort(): Promise<SerialPortLike | undefined> {
    const { serial } = navigator as SerialNavigator;
    // Cancelling the picker (NotFoundError) or a refused permission both mean "no port".
    // Without Web Serial (Android), a small chunk opens the USB device picker.
    return serial
      ? serial.requestPort().catch(() => undefined)
      : import("../usb/webusb-picker.js").then((m) => m.pickUsbPort());
  }

  /** Shows the slot for the current support, with its default content in the element's language. */
  #render(): void {
    const support = this.#support;
    if (this.#face?.support !== support) {
      const slot = document.createElement("slot");
      slot.name = support === "supported" ? "activate" : support;
      const text = document.createTextNode("");
      if (support === "supported") {
        const button = document.createElement("button");
        button.setAttribute("part", "button");
        button.append(text);
        slot.append(button);
        slot.addEventListener("click", () => void this.activate());
      } else {
        const note = document.createElement("span");
        note.className = "note";
        note.append(text);
        slot.append(note);
      }
      // Replace only the face: an open dialog lives in the same shadow root.
      if (this.#face) this.#face.slot.replaceWith(slot);
      else this.#root.prepend(slot);
      this.#face = { support, slot, text };
    }
    const { text } = this.#face;
    const locale = pickLocale(langOf(this));
    if (support === "supported") text.data = BUTTON_LABELS[locale];
    // Notes for browsers that cannot flash load on their own, keeping the up-front script small.
    else
      void import("./notes.js").then((n) => {
        if (this.#face?.text === text) text.data = n.BUTTON_NOTES[locale][support];
      });
  }
}
