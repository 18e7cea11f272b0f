// Opt-in drop-in for pages written for ESP Web Tools (dist/web/esp-web-tools-compat.js): loads the
// script-tag button and also defines <esp-web-install-button>, so such a page switches by changing
// only its script URL. The import stays a separate file: pages using both tags load the button once.
import { EspFlashButton } from "./web.js";

/** `<esp-web-install-button>`: `<esp-flash-button>` under ESP Web Tools' tag name. */
export class EspWebInstallButton extends EspFlashButton {}

// Nothing to define where there is no DOM (SSR).
if (globalThis.customElements && !customElements.get("esp-web-install-button"))
  customElements.define("esp-web-install-button", EspWebInstallButton);

export * from "./web.js";

declare global {
  interface HTMLElementTagNameMap {
    "esp-web-install-button": EspWebInstallButton;
  }
}
