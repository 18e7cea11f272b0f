import type { Control } from "./control.js";
import { delay } from "./control.js";
import { ROM_BAUD, resetMode, type Link } from "./connect.js";

const RATES = [921600, 460800];
const CHANGE_BAUDRATE = 0x0f;

/**
 * Raise the link to the best rate it holds: 921600, else 460800, else stay at 115200.
 * A loader that refuses the change keeps the current rate (and we say so).
 */
export async function raiseBaud(link: Link, ctl: Control, cap = RATES[0]!): Promise<number> {
  const { loader, transport } = link;
  const current = transport.baudrate || ROM_BAUD;
  if (loader.secureDownloadMode) {
    link.log(`Secure download mode: staying at ${current} baud.`);
    return current;
  }
  for (const rate of RATES.filter((r) => r <= cap && r > current)) {
    const packet = new Uint8Array(8);
    const view = new DataView(packet.buffer);
    view.setUint32(0, rate, true);
    view.setUint32(4, loader.IS_STUB ? current : 0, true); // the stub wants the old rate, the ROM 0
    try {
      await ctl.run(loader.checkCommand("change baud rate", CHANGE_BAUDRATE, packet, 0, 0, 1000));
    } catch (error) {
      if (ctl.aborted || ctl.lost) throw error;
      if (await responsive(link, ctl)) {
        link.log(`The device refused ${rate} baud (${String(error)}); staying at ${current} baud.`);
        return current;
      }
      await reconnect(link, ctl);
      link.log(`The device stopped answering after a refused baud change; continuing at ${ROM_BAUD} baud.`);
      return ROM_BAUD;
    }
    await delay(50, ctl.signal);
    let hostChanged = true;
    try {
      await ctl.run(transport.changeBaudrate(rate));
    } catch (error) {
      if (ctl.aborted || ctl.lost) throw error;
      hostChanged = false;
      link.log(`This port cannot use ${rate} baud (${String(error)}).`);
    }
    await ctl.run(transport.drainInput());
    if (hostChanged && (await responsive(link, ctl))) {
      link.log(`Baud rate ${rate}.`);
      return rate;
    }
    // The chip moved but the link does not hold the rate: reset into the loader and try lower.
    link.log(`The link does not hold ${rate} baud; trying a lower rate.`);
    await reconnect(link, ctl);
  }
  const final = transport.baudrate || ROM_BAUD;
  if (final < Math.min(cap, RATES[0]!)) link.log(`Staying at ${final} baud.`);
  return final;
}

async function responsive(link: Link, ctl: Control): Promise<boolean> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await ctl.run(link.loader.readReg(link.loader.CHIP_DETECT_MAGIC_REG_ADDR, 500));
      return true;
    } catch (error) {
      if (ctl.aborted || ctl.lost) throw error;
      link.transport.flushInput();
    }
  }
  return false;
}

/** Back to the ROM loader at 115200 and the same kind of loader (stub or ROM) as before. */
async function reconnect(link: Link, ctl: Control) {
  const { loader, transport } = link;
  const hadStub = loader.IS_STUB;
  await ctl.run(transport.disconnect());
  await delay(50, ctl.signal);
  loader.IS_STUB = false;
  await ctl.run(loader.connect(resetMode(link), 7, false));
  if (hadStub) await ctl.run(loader.runStub());
  else if (loader.chip.CHIP_NAME !== "ESP8266") await ctl.run(loader.flashSpiAttach(0));
}
