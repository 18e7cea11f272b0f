import { RUN_SEQUENCES } from "../loader/reset.js";
import { usbKindOf } from "../loader/wire.js";
import type { SerialPortLike } from "../session/types.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Pulses EN with IO0 released through DTR/RTS so the chip boots its firmware, on a port that
 * is open and stays open (so nothing the firmware prints at boot is missed). Same sequences
 * as the flashing session's final reset.
 */
/**
 * Whether a reset keeps this port usable: true behind a USB-UART bridge. The chip's own
 * USB-Serial/JTAG resets with the chip, so the host may see the port vanish and come back.
 */
export function resetKeepsPort(port: SerialPortLike): boolean {
  return usbKindOf(port) === "uart-bridge";
}

export async function resetIntoFirmware(port: SerialPortLike): Promise<void> {
  for (const step of RUN_SEQUENCES[usbKindOf(port)].split("|")) {
    const [op, arg] = [step[0], Number(step.slice(1))];
    if (op === "W") await sleep(arg);
    else if (op === "D") await port.setSignals({ dataTerminalReady: arg === 1 });
    else if (op === "R") await port.setSignals({ requestToSend: arg === 1 });
  }
}
