import { EspFlashButton } from "./esp-flash-button.js";

// Nothing to define where there is no DOM (SSR): importing stays harmless.
if (globalThis.customElements && !customElements.get("esp-flash-button"))
  customElements.define("esp-flash-button", EspFlashButton);

declare global {
  interface HTMLElementTagNameMap {
    "esp-flash-button": EspFlashButton;
  }
}
