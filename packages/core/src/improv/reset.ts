import { within } from "../loader/control.js";
import { RESET_TIMEOUT_MS, RUN_SEQUENCES } from "../loader/reset.js";
import { usbKindOf } from "../loader/wire.js";
import type { SerialPortLike } from "../session/types.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Whether a reset keeps this port usable: true behind a USB-UART bridge. The chip's own
 * USB-Serial/JTAG resets with the chip, so the host may see the port vanish and come back.
 */
export function resetKeepsPort(port: SerialPortLike): boolean {
  return usbKindOf(port) === "uart-bridge";
}

/**
 * Pulses EN with IO0 released through DTR/RTS so the chip boots its firmware, on a port that
 * is open and stays open (so nothing the firmware prints at boot is missed). Same sequences
 * as the flashing session's final reset. Resolves false when the port never carried it out
 * (a driver that stops answering): pressing the board's RESET button does the same.
 */
export async function resetIntoFirmware(port: SerialPortLike): Promise<boolean> {
  const carriedOut = pulse(port).then(() => true);
  return (await within(carriedOut, RESET_TIMEOUT_MS)) ?? false;
}

async function pulse(port: SerialPortLike): Promise<void> {
  for (const step of RUN_SEQUENCES[usbKindOf(port)].split("|")) {
    const [op, arg] = [step[0], Number(step.slice(1))];
    if (op === "W") await sleep(arg);
    else if (op === "D") await port.setSignals({ dataTerminalReady: arg === 1 });
    else if (op === "R") await port.setSignals({ requestToSend: arg === 1 });
  }
}
