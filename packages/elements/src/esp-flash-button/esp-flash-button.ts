// The up-front script: only Lit, the localizer and types. Everything else loads on first click.
import { msg, updateWhenLocaleChanges } from "@lit/localize";
import { LitElement, html } from "lit";
import { property, state } from "lit/decorators.js";
import type { SerialPortLike } from "../core-types.js";
import type { EraseMode } from "../esp-flash-dialog/controller.js";
import { followLang } from "../localization.js";
import { buttonStyles } from "./esp-flash-button.styles.js";
import "./events.js";

export type Support = "supported" | "unsupported" | "not-allowed";
type SerialNavigator = Navigator & { serial?: { requestPort(): Promise<SerialPortLike> } };

/** What this browser lets a page do with serial ports. */
export function serialSupport(nav: Navigator = navigator, secure = globalThis.isSecureContext): Support {
  if (!secure) return "not-allowed";
  return "serial" in nav ? "supported" : "unsupported";
}

/**
 * A button that flashes ESP firmware described by a manifest (ESP Web Tools format).
 *
 * @slot activate - Replaces the default button; clicking it starts the install.
 * @slot unsupported - Shown when the browser has no Web Serial.
 * @slot not-allowed - Shown when the page is not a secure context (https).
 * @csspart button - The default button.
 * @fires esp-flash-state - The dialog changed view or the session changed step.
 * @fires esp-flash-done - Firmware written, verified, board restarted.
 * @fires esp-flash-error - The install failed; `detail` says why and what to do.
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
export class EspFlashButton extends LitElement {
  static override styles = buttonStyles;

  /** Manifest URL (resolved against the page), or a manifest object set as a property. */
  @property() accessor manifest: string | object = "";
  /** Erase the flash first: ask (`prompt`), `always` or `never`. */
  @property() accessor erase: EraseMode = "prompt";
  /** Highest baud rate to use while flashing. */
  @property({ type: Number, attribute: "baud-rate" }) accessor baudRate: number | undefined;
  /** The fetch used for the manifest and firmware (default: the page's). */
  @property({ attribute: false }) accessor fetch: typeof fetch | undefined;

  @state() private accessor support: Support = serialSupport();
  private busy = false;
  /** The previous install's session, which may still be releasing the port after a cancel. */
  private previous: { readonly settled: Promise<void> } | undefined;

  constructor() { super(); updateWhenLocaleChanges(this); }

  override connectedCallback(): void {
    super.connectedCallback();
    this.support = serialSupport();
    this.toggleAttribute("install-supported", this.support === "supported");
    this.toggleAttribute("install-unsupported", this.support !== "supported");
    void followLang(this);
  }

  /** Opens the port picker and the install dialog, as a click on the button does. */
  async activate(): Promise<void> {
    if (this.busy || this.support !== "supported") return;
    this.busy = true;
    try {
      // Start loading the dialog, core and esptool-js while the port picker is open.
      const flow = import("../esp-flash-dialog/open.js");
      void import("../esp-flash-console/esp-flash-console.js").catch(() => undefined);
      const [port, { openFlow }] = await Promise.all([this.requestPort(), flow, followLang(this), this.previous?.settled]);
      const { controller } = openFlow({
        host: this, root: this.renderRoot, manifest: this.manifest, base: document.baseURI,
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

  override render() {
    if (this.support === "unsupported")
      return html`<slot name="unsupported"><span class="note">${msg("Your browser cannot flash boards: use Chrome or Edge on a computer.", { id: "button.unsupported" })}</span></slot>`;
    if (this.support === "not-allowed")
      return html`<slot name="not-allowed"><span class="note">${msg("Flashing needs a secure page (https).", { id: "button.not-allowed" })}</span></slot>`;
    return html`<slot name="activate" @click=${this.activate}><button part="button">${msg("Connect", { id: "button.connect" })}</button></slot>`;
  }
}
