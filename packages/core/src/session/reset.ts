import { CustomReset } from "esptool-js";
import type { Control } from "./control.js";
import { within } from "./control.js";
import type { Link } from "./connect.js";

/**
 * Sequences that pulse EN with IO0 released, so the chip boots the new firmware. esptool-js's
 * `after("hard_reset")` only drops RTS and leaves DTR asserted: boards stay put.
 * USB-JTAG-serial needs time between transitions for its USB state machine.
 */
export const RUN_SEQUENCES = {
  "uart-bridge": "D0|R1|W100|R0",
  "usb-jtag-serial": "D0|R1|W200|R0|W200",
} as const;

export async function resetIntoFirmware(link: Link, ctl: Control): Promise<void> {
  await ctl.run(new CustomReset(link.transport, RUN_SEQUENCES[link.usb]).reset());
}

/** Close the port and cut esptool-js off from it, whatever state things are in. Never throws. */
export async function release(link: Link | undefined): Promise<void> {
  if (!link) return;
  try {
    await within(link.transport.disconnect(), 1500);
  } catch {
    // already closed or the device is gone: still revoke below
  }
  // A stuck esptool-js call may still hold the streams; closing the port directly frees it.
  if (link.lease.readable || link.lease.writable) {
    try {
      await within(link.lease.close(), 500);
    } catch {
      // nothing more we can do; the lease is revoked either way
    }
  }
  link.lease.revoke();
}
