// The toolbar that picks what goes wrong during Wi-Fi setup on the virtual board's Improv firmware.
import type { Preview } from "@storybook/web-components-vite";
import { improvFirmware, type ImprovFailure, type VirtualApp } from "@esp-flash/virtual-device";

export const WIFI_FAILURES: Record<ImprovFailure, string> = {
  none: "Wi-Fi: works",
  "wrong-password": "Wi-Fi: every password is wrong",
  "network-gone": "Wi-Fi: networks vanish after the scan",
  "no-improv": "Wi-Fi: firmware without Improv",
  "slow-boot": "Wi-Fi: firmware boots slowly (4 s)",
};

export const wifiGlobalTypes: NonNullable<Preview["globalTypes"]> = {
  wifi: {
    description: "What goes wrong during Wi-Fi setup (Improv)",
    toolbar: {
      title: "Wi-Fi",
      dynamicTitle: true,
      items: Object.entries(WIFI_FAILURES).map(([value, title]) => ({ value, title })),
    },
  },
};

export const wifiInitialGlobals = { wifi: "none" };

/** The virtual board's firmware for the Wi-Fi story; the right password is "correct horse". */
export function wifiFirmware(globals: Record<string, unknown>): VirtualApp {
  const failure =
    (Object.keys(WIFI_FAILURES) as ImprovFailure[]).find((f) => f === globals.wifi) ?? "none";
  return improvFirmware({ firmware: "esp-flash sample firmware", version: "0.9.0", failure });
}
