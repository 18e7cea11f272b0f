// The script-tag entry (dist/web/esp-flash-button.js): the button alone, nothing else up front.
// The dialog follows the element's `lang`; @lit/localize loads with it on the first click.
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
export { LOCALES, pickLocale, type Locale } from "./locale-tag.js";
