// The toolbar that picks the virtual board the live stories flash.
import type { Preview } from "@storybook/web-components-vite";
import { CHIP_MODELS } from "@esp-flash/virtual-device";
import type { FaultSpec, UsbKind, VirtualEspOptions } from "@esp-flash/virtual-device";
import { FAMILIES } from "../samples/catalog.js";

const SIZES = ["1MB", "2MB", "4MB", "8MB", "16MB"];
/** Chips with a built-in USB-Serial/JTAG port; the others always sit behind a bridge. */
const USB_JTAG = FAMILIES.filter((family) => CHIP_MODELS[family].usbJtagSerial);

/** Faults a reader can inject, each placed where it hurts: in the middle of a write. */
export const FAULTS: Record<string, { title: string; spec?: FaultSpec }> = {
  none: { title: "No fault" },
  unplug: { title: "Unplugged mid-write", spec: { kind: "disconnect", atAddress: 0x14000 } },
  reset: { title: "Board resets mid-write", spec: { kind: "reset", atAddress: 0x14000 } },
  stall: { title: "Stalls for 5 s", spec: { kind: "stall", afterBytes: 40_000, forMs: 5000 } },
  noise: { title: "Noisy line (0.05% corrupt)", spec: { kind: "corrupt", rate: 0.0005 } },
  "refuse-baud": { title: "Refuses faster baud", spec: { kind: "refuse-baud" } },
  "write-error": {
    title: "Flash write error",
    spec: { kind: "flash-write-error", atAddress: 0x10000 },
  },
  "stub-fail": { title: "Stub never starts", spec: { kind: "stub-fail" } },
};

export const boardGlobalTypes: NonNullable<Preview["globalTypes"]> = {
  family: {
    description: "Chip of the virtual board",
    toolbar: { title: "Chip", dynamicTitle: true, items: [...FAMILIES] },
  },
  flashSize: {
    description: "Flash size of the virtual board",
    toolbar: { title: "Flash", dynamicTitle: true, items: SIZES },
  },
  usb: {
    description: "How the virtual board is attached",
    toolbar: {
      title: "USB",
      dynamicTitle: true,
      items: [
        { value: "uart-bridge", title: "USB-UART bridge (CP2102)" },
        { value: "usb-jtag-serial", title: "Built-in USB-Serial/JTAG" },
      ],
    },
  },
  fault: {
    description: "Fault injected into the virtual board",
    toolbar: {
      title: "Fault",
      dynamicTitle: true,
      items: Object.entries(FAULTS).map(([value, { title }]) => ({ value, title })),
    },
  },
};

export const boardInitialGlobals = {
  family: "ESP8266",
  flashSize: "4MB",
  usb: "uart-bridge",
  fault: "none",
};

/** Story tests run the install at virtual speed; readers watch it in real time. */
export const underTest = import.meta.env.MODE === "test";

export function boardOptions(globals: Record<string, unknown>): VirtualEspOptions {
  const fault = FAULTS[String(globals.fault)]?.spec;
  const chip = FAMILIES.find((f) => f === globals.family) ?? "ESP8266";
  const usb: UsbKind =
    globals.usb === "usb-jtag-serial" && USB_JTAG.includes(chip)
      ? "usb-jtag-serial"
      : "uart-bridge";
  return {
    chip,
    flashSize: SIZES.includes(String(globals.flashSize)) ? String(globals.flashSize) : "4MB",
    usb,
    timing: underTest ? "instant" : "realtime",
    faults: fault ? [fault] : [],
  };
}
