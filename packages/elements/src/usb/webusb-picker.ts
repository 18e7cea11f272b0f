// The Android device picker, loaded on the first click when there is no Web Serial. Kept
// apart from the driver (which needs core) so requestDevice runs as soon as this small
// chunk arrives, while the click's user activation (5 s in Chrome) still holds; if it has
// lapsed, the picker is refused and the dialog's "choose a port" button asks again.
import type { SerialPortLike } from "../core-types.js";
import { USB_FILTERS } from "./filters.js";
import type { UsbDeviceLike } from "./usb-types.js";

type UsbNavigator = Navigator & {
  usb?: { requestDevice(options: { filters: typeof USB_FILTERS }): Promise<UsbDeviceLike> };
};

/** Asks for a USB-serial device; undefined when the person cancels (or the browser refuses). */
export async function pickUsbPort(nav: Navigator = navigator): Promise<SerialPortLike | undefined> {
  const device = await (nav as UsbNavigator).usb
    ?.requestDevice({ filters: USB_FILTERS })
    .catch(() => undefined);
  return device && new (await import("./webusb-port.js")).UsbSerialPort(device);
}
