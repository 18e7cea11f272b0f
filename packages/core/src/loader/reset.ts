import { CustomReset } from "esptool-js";
import { delay, settleWithin, within } from "./control.js";
import type { Wire } from "./wire.js";
import type { RtcWatchdogRegs } from "../chips/index.js";

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

/** esptool's watchdog reset: the write-protect key, a timeout of 2000 slow-clock cycles, and
 * CONFIG0 = enabled, stage 0 resets the RTC domain, system-reset pulse length, stage 0 active. */
const RTC_WDT_WKEY = 0x50d8_3aa1;
const RTC_WDT_TIMEOUT = 2000;
const RTC_WDT_ARM = ((1 << 31) | (5 << 28) | (1 << 8) | 2) >>> 0;
/** The watchdog bites within milliseconds; the host then sees the device leave USB. */
const WATCHDOG_LEAVE_MS = 1500;

/**
 * Over USB-OTG, DTR/RTS are software bits the ROM and stub read: an RTS pulse resets the CPU but
 * keeps the strap latched at plug-in (BOOT held), which lands in the ROM loader again. esptool
 * therefore resets such a chip with its RTC watchdog, a system reset that latches the straps
 * anew and boots the firmware. True once the chip left USB; false if it still did not.
 */
export async function watchdogIntoFirmware(wire: Wire, regs: RtcWatchdogRegs): Promise<boolean> {
  const { esp, ctl } = wire;
  try {
    await ctl.run(esp.writeReg(regs.wprotect, RTC_WDT_WKEY));
    await ctl.run(esp.writeReg(regs.config1, RTC_WDT_TIMEOUT));
    await ctl.run(esp.writeReg(regs.config0, RTC_WDT_ARM));
    await ctl.run(esp.writeReg(regs.wprotect, 0));
  } catch (error) {
    // The watchdog may bite before the last write is answered.
    if (ctl.lost) return true;
    throw error;
  }
  for (let waited = 0; waited < WATCHDOG_LEAVE_MS && !ctl.lost; waited += 20) {
    await delay(20, ctl.signal);
  }
  if (!ctl.lost) wire.log("The chip did not leave USB after its watchdog was armed.");
  return ctl.lost;
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
