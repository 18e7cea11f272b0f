// The package entry for bundlers: defines <esp-flash-button> (a dependency-free element; the
// dialog, Lit, core and esptool-js load on first click). The locale helpers below are only
// bundled when used.
import "./esp-flash-button/define.js";

export {
  EspFlashButton,
  serialSupport,
  type Support,
} from "./esp-flash-button/esp-flash-button.js";
export type {
  EspFlashDoneDetail,
  EspFlashErrorDetail,
  EspFlashProvisionedDetail,
  EspFlashProvisioningDetail,
  EspFlashStateDetail,
} from "./esp-flash-button/events.js";
export type { FlashOverrides } from "./esp-flash-dialog/improv/links.js";
export type { EraseMode } from "./esp-flash-dialog/controller.js";
export type { ErrorReport, View, ViewName } from "./esp-flash-dialog/view-state.js";
export { LOCALES, getLocale, pickLocale, setLocale, type Locale } from "./localization.js";
