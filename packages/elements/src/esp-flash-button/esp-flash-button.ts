import { LitElement, css, html } from "lit";
import { property, state } from "lit/decorators.js";

type Support = "supported" | "unsupported" | "not-allowed";

/** What this browser lets a page do with serial ports. */
export function serialSupport(nav: Navigator = navigator, secure = globalThis.isSecureContext): Support {
  if (!secure) return "not-allowed";
  return "serial" in nav ? "supported" : "unsupported";
}

/**
 * A button that flashes ESP firmware described by a manifest.
 *
 * @slot activate - Replaces the default button.
 * @slot unsupported - Shown when the browser has no Web Serial.
 * @slot not-allowed - Shown when the page is not a secure context.
 */
export class EspFlashButton extends LitElement {
  static override styles = css`
    :host {
      display: inline-block;
    }
  `;

  /** URL of the firmware manifest (ESP Web Tools format). */
  @property() accessor manifest = "";

  @state() private accessor support: Support = serialSupport();

  override connectedCallback(): void {
    super.connectedCallback();
    this.support = serialSupport();
    this.toggleAttribute("install-supported", this.support === "supported");
    this.toggleAttribute("install-unsupported", this.support !== "supported");
  }

  override render() {
    if (this.support === "unsupported")
      return html`<slot name="unsupported">Your browser does not support Web Serial.</slot>`;
    if (this.support === "not-allowed")
      return html`<slot name="not-allowed">Flashing needs a secure (https) page.</slot>`;
    return html`<slot name="activate"><button part="button">Connect</button></slot>`;
  }
}
