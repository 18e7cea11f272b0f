// The up-front script: a plain custom element with no dependencies. Lit, the dialog, its
// translations, core and esptool-js load on the first click, while the port picker is open.
import type { SerialPortLike } from "../core-types.js";
import type { EraseMode } from "../esp-flash-dialog/controller.js";
import { langOf, pickLocale } from "../locale-tag.js";
import { adoptButtonStyles } from "./esp-flash-button.styles.js";
import "./events.js";
import { BUTTON_STRINGS } from "./strings.js";

// Importing under Node (SSR, tests of a page's code) must not throw: there is no HTMLElement there.
const ElementBase = (globalThis.HTMLElement ?? class {}) as typeof HTMLElement;

export type Support = "supported" | "unsupported" | "not-allowed";
type SerialNavigator = Navigator & { serial?: { requestPort(): Promise<SerialPortLike> } };

/** What this browser lets a page do with serial ports. */
export function serialSupport(nav: Navigator = navigator, secure = globalThis.isSecureContext): Support {
  if (!secure) return "not-allowed";
  return "serial" in nav ? "supported" : "unsupported";
}

interface Props {
  manifest: string | object; erase: EraseMode; baudRate: number | undefined; fetch: typeof fetch | undefined;
}

/**
 * A button that flashes ESP firmware described by a manifest (ESP Web Tools format).
 *
 * @attr {string} lang - `en`, `de` or `zh-Hans` (else an ancestor's or the document's `lang`).
 * @slot activate - Replaces the default button; clicking it starts the install.
 * @slot unsupported - Shown when the browser has no Web Serial.
 * @slot not-allowed - Shown when the page is not a secure context (https).
 * @csspart button - The default button.
 * @fires {EspFlashStateDetail} esp-flash-state - The dialog changed view or the session changed step.
 * @fires {EspFlashDoneDetail} esp-flash-done - Firmware written, verified, board restarted.
 * @fires {EspFlashErrorDetail} esp-flash-error - The install failed; `detail` says why and what to do.
 * @cssprop --esp-flash-accent - Button and highlight color.
 * @cssprop --esp-flash-accent-text - Text on the accent color.
 * @cssprop --esp-flash-surface - Dialog background.
 * @cssprop --esp-flash-text - Dialog text color.
 * @cssprop --esp-flash-muted - Secondary text.
 * @cssprop --esp-flash-border - Borders and outlines.
 * @cssprop --esp-flash-danger - Error text.
 * @cssprop --esp-flash-note-background - Background of notes and details.
 * @cssprop --esp-flash-radius - Corner radius.
 * @cssprop --esp-flash-font - Font family.
 * @cssprop --esp-flash-button-padding - Padding of the default button.
 */
export class EspFlashButton extends ElementBase {
  static get observedAttributes(): string[] { return ["manifest", "erase", "baud-rate", "lang"]; }

  // Accessors, not fields: a value set on the element before its definition loaded stays on
  // the instance (fields would overwrite it on upgrade) and is taken over when connected.
  private readonly props: Props = { manifest: "", erase: "prompt", baudRate: undefined, fetch: undefined };

  /**
   * Manifest URL (resolved against the page), or a manifest object set as a property.
   * @attr manifest
   */
  get manifest(): string | object { return this.props.manifest; }
  set manifest(value: string | object) { this.props.manifest = value; }
  /**
   * Erase the flash first: ask (`prompt`), `always` or `never`.
   * @attr erase
   */
  get erase(): EraseMode { return this.props.erase; }
  set erase(value: EraseMode) { this.props.erase = value; }
  /**
   * Highest baud rate to use while flashing.
   * @attr baud-rate
   */
  get baudRate(): number | undefined { return this.props.baudRate; }
  set baudRate(value: number | undefined) { this.props.baudRate = value; }
  /** The fetch used for the manifest and firmware (default: the page's). */
  get fetch(): typeof fetch | undefined { return this.props.fetch; }
  set fetch(value: typeof fetch | undefined) { this.props.fetch = value; }

  private readonly root: ShadowRoot;
  private support: Support = serialSupport();
  /** The slot showing the current face, and the default text inside it. */
  private face: { support: Support; slot: HTMLSlotElement; text: Text } | undefined;
  private busy = false;
  /** The previous install's session, which may still be releasing the port after a cancel. */
  private previous: { readonly settled: Promise<void> } | undefined;

  constructor() {
    super();
    this.root = adoptButtonStyles(this.attachShadow({ mode: "open" }));
  }

  connectedCallback(): void {
    for (const key of Object.keys(this.props) as (keyof Props)[]) {
      if (!Object.prototype.hasOwnProperty.call(this, key)) continue;
      const value: unknown = this[key];
      Reflect.deleteProperty(this, key);
      (this.props as Record<keyof Props, unknown>)[key] = value;
    }
    this.support = serialSupport();
    this.toggleAttribute("install-supported", this.support === "supported");
    this.toggleAttribute("install-unsupported", this.support !== "supported");
    this.render();
  }

  attributeChangedCallback(name: string, _old: string | null, value: string | null): void {
    if (name === "manifest") this.manifest = value ?? "";
    else if (name === "erase") this.erase = (value ?? "prompt") as EraseMode;
    else if (name === "baud-rate") this.baudRate = value === null ? undefined : Number(value);
    else if (name === "lang" && this.face) this.render();
  }

  /** Opens the port picker and the install dialog, as a click on the button does. */
  async activate(): Promise<void> {
    if (this.busy || this.support !== "supported") return;
    this.busy = true;
    try {
      // Start loading the dialog (with core and esptool-js) and its language while the picker is open.
      const flow = import("../esp-flash-dialog/open.js");
      const language = import("../localization.js").then((l) => l.followLang(this));
      const [port, { openFlow }] = await Promise.all([this.requestPort(), flow, language, this.previous?.settled]);
      const { controller } = openFlow({
        host: this, root: this.root, manifest: this.manifest, base: document.baseURI,
        erase: this.erase, baudRate: this.baudRate, fetch: this.fetch, requestPort: () => this.requestPort(),
      }, port);
      this.previous = controller;
    } finally {
      this.busy = false;
    }
  }

  private async requestPort(): Promise<SerialPortLike | undefined> {
    // Cancelling the picker (NotFoundError) or a refused permission both mean "no port".
    return (navigator as SerialNavigator).serial?.requestPort().catch(() => undefined);
  }

  /** Shows the slot for the current support, with its default content in the element's language. */
  private render(): void {
    const support = this.support;
    if (this.face?.support !== support) {
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
      if (this.face) this.face.slot.replaceWith(slot);
      else this.root.prepend(slot);
      this.face = { support, slot, text };
    }
    this.face.text.data = BUTTON_STRINGS[pickLocale(langOf(this))][support];
  }
}
