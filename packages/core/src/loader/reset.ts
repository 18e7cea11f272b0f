import { CustomReset } from "esptool-js";
import { within } from "./control.js";
import type { Wire } from "./wire.js";

/**
 * Sequences that pulse EN with IO0 released, so the chip boots the new firmware. esptool-js's
 * `after("hard_reset")` only drops RTS and leaves DTR asserted: boards stay put.
 * USB-JTAG-serial needs time between transitions for its USB state machine.
 */
export const RUN_SEQUENCES = {
  "uart-bridge": "D0|R1|W100|R0",
  "usb-jtag-serial": "D0|R1|W200|R0|W200",
} as const;

export async function resetIntoFirmware(wire: Wire): Promise<void> {
  await wire.ctl.run(new CustomReset(wire.transport, RUN_SEQUENCES[wire.usb]).reset());
}

/** Close the port and cut esptool-js off from it, whatever state things are in. Never throws. */
export async function release(wire: Pick<Wire, "transport" | "lease"> | undefined): Promise<void> {
  if (!wire) return;
  try {
    await within(wire.transport.disconnect(), 1500);
  } catch {
    // already closed or the device is gone: still revoke below
  }
  // A stuck esptool-js call may still hold the streams; closing the port directly frees it.
  if (wire.lease.readable || wire.lease.writable) {
    try {
      await within(wire.lease.close(), 500);
    } catch {
      // nothing more we can do; the lease is revoked either way
    }
  }
  wire.lease.revoke();
}
