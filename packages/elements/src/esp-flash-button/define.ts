import { EspFlashButton } from "./esp-flash-button.js";

if (!customElements.get("esp-flash-button")) customElements.define("esp-flash-button", EspFlashButton);

declare global {
  interface HTMLElementTagNameMap {
    "esp-flash-button": EspFlashButton;
  }
}
