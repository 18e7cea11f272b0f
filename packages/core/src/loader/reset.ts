import { CustomReset } from "esptool-js";
import { delay, settleWithin, within } from "./control.js";
import type { Wire } from "./wire.js";

/**
 * Sequences that pulse EN with IO0 released, so the chip boots the new firmware. esptool-js's
 * `after("hard_reset")` only drops RTS and leaves DTR asserted: boards stay put.
 * USB-JTAG-serial needs time between transitions for its USB state machine.
 */
export const RUN_SEQUENCES = {
  "uart-bridge": "D0|R1|W100|R0",
  "usb-jtag-serial": "D0|R1|W200|R0|W200",
  /** esptool's HardReset for USB: the same RTS pulse, held long enough for the ROM's USB stack. */
  "usb-otg": "D0|R1|W200|R0|W200",
} as const;

/** The sequences take under half a second; a port call that never returns must not hang a finished install. */
export const RESET_TIMEOUT_MS = 3000;

/** How long to wait for a restarted chip's first boot bytes (the ROM prints within a few ms; a miss only costs the probe below). */
const BOOT_OUTPUT_MS = 100;
/** The stub answers a register read within milliseconds; a restarted chip never does. */
const LOADER_PROBE_MS = 300;

/**
 * Pulse EN and find out whether the chip restarted: true once boot output arrives, or, on a
 * silent line, once the loader no longer answers. A port whose lines do nothing (socket://, a
 * pty, a bridge without the auto-reset circuit) leaves the chip in the stub, still answering:
 * false. Rejects with StepTimeout when the port does not carry out the sequence in time.
 */
export async function resetIntoFirmware(wire: Wire): Promise<boolean> {
  const { transport, ctl, esp } = wire;
  transport.flushInput();
  const sequence = new CustomReset(transport, RUN_SEQUENCES[wire.usb]).reset();
  await ctl.run(settleWithin(sequence, RESET_TIMEOUT_MS, "The reset into the firmware"));
  for (let waited = 0; waited < BOOT_OUTPUT_MS; waited += 10) {
    if (transport.inWaiting() > 0) return true;
    await delay(10, ctl.signal);
  }
  // No boot output: ask the loader. Only reached on a silent line, so no running firmware
  // is normally sent these bytes.
  try {
    await ctl.run(esp.readReg(esp.CHIP_DETECT_MAGIC_REG_ADDR, LOADER_PROBE_MS));
  } catch (error) {
    if (ctl.aborted || ctl.lost) throw error;
    return true;
  }
  wire.log("The loader still answers after the reset: the port did not restart the chip.");
  return false;
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
