import "./esp-flash-button/define.js";

export { EspFlashButton, serialSupport } from "./esp-flash-button/esp-flash-button.js";
