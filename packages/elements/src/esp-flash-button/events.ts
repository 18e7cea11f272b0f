// The button's events, typed for addEventListener through HTMLElementEventMap.
import type { FlashPlan, FlashResult, FlashStep, Manifest } from "../core-types.js";
import type { ErrorReport, ViewName } from "../esp-flash-dialog/view-state.js";

/** `esp-flash-state`: the dialog moved to another view or the session to another step. */
export interface EspFlashStateDetail {
  view: ViewName;
  step?: FlashStep;
}
/** `esp-flash-done`: written, verified and restarted. */
export interface EspFlashDoneDetail {
  result: FlashResult;
  plan?: FlashPlan;
  manifest?: Manifest;
}
/** `esp-flash-error`: what failed, in words and as a code. */
export type EspFlashErrorDetail = ErrorReport;
/** `esp-flash-provisioning`: Wi-Fi settings sent to the device over Improv. */
export interface EspFlashProvisioningDetail {
  ssid: string;
}
/** `esp-flash-provisioned`: the device joined the network; `url` is where it can be visited. */
export interface EspFlashProvisionedDetail {
  ssid: string;
  url?: string;
}

declare global {
  interface HTMLElementEventMap {
    "esp-flash-state": CustomEvent<EspFlashStateDetail>;
    "esp-flash-done": CustomEvent<EspFlashDoneDetail>;
    "esp-flash-error": CustomEvent<EspFlashErrorDetail>;
    "esp-flash-provisioning": CustomEvent<EspFlashProvisioningDetail>;
    "esp-flash-provisioned": CustomEvent<EspFlashProvisionedDetail>;
  }
}

export function emit<
  K extends
    | "esp-flash-state"
    | "esp-flash-done"
    | "esp-flash-error"
    | "esp-flash-provisioning"
    | "esp-flash-provisioned",
>(target: EventTarget, type: K, detail: HTMLElementEventMap[K]["detail"]): void {
  target.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
}
