import { chipFromEsptoolJsName } from "../chips/index.js";
import { delay } from "./control.js";
import { OP, ROM_BAUD } from "./opcodes.js";
import { reconnect, type Wire } from "./wire.js";
import { FlashError } from "../session/errors.js";

const RATES = [921600, 460800];
/** The rate every common bridge holds: where a session goes back to after trouble above it. */
export const SAFE_BAUD = RATES[0]!;
/**
 * Rates above 921600 that USB-UART bridges generate: 3 Mbaud (CP2102N, FT232R), 2 Mbaud
 * (CH340's datasheet maximum), 1.5 Mbaud. Only the highest one the bridge and the cap allow is
 * tried, once: a CP2102 (921600 at most) has a CP2102N's USB ids, and a failed attempt costs
 * a reset (and, on an ESP8266, the stub again).
 */
const HIGH_RATES = [3_000_000, 2_000_000, 1_500_000];

/**
 * The most a bridge family generates, by its makers' datasheets, keyed "vid" or "vid:pid"
 * (hex). Bridges not listed (PL2303, unknown ids) are not tried above 921600 unless asked.
 */
const BRIDGE_MAX_BAUD: Readonly<Record<string, number>> = {
  "10c4": 3_000_000, // Silicon Labs CP210x: CP2102N 3 Mbaud (a CP2102 answers as the same ids)
  "1a86:7523": 2_000_000, // WCH CH340: 2 Mbps
  "1a86:55d4": 4_000_000, // WCH CH9102: 4 Mbps
  "1a86:55d3": 6_000_000, // WCH CH343: 6 Mbps
  "0403": 3_000_000, // FTDI FT232R / FT231X: 3 Mbaud
};

function hex4(n: number): string {
  return n.toString(16).padStart(4, "0");
}

/** The highest rate worth trying on this port when no cap was given: its bridge's, or 921600. */
export function autoBaudCap(ids: { usbVendorId?: number; usbProductId?: number }): number {
  if (ids.usbVendorId === undefined) return SAFE_BAUD;
  const vid = hex4(ids.usbVendorId);
  const pid = ids.usbProductId === undefined ? "" : hex4(ids.usbProductId);
  return BRIDGE_MAX_BAUD[`${vid}:${pid}`] ?? BRIDGE_MAX_BAUD[vid] ?? SAFE_BAUD;
}

/** The rates to try under `cap`, best first: at most one above 921600. */
function ladder(cap: number, current: number, failedAt: number | undefined): number[] {
  const high = HIGH_RATES.find((r) => r <= cap);
  return [...(high !== undefined ? [high] : []), ...RATES].filter(
    (r) => r <= cap && r > current && (failedAt === undefined || r < failedAt),
  );
}

/**
 * The cap this session works under: the one given, or the bridge's own maximum; above 921600
 * only once this session's reset was seen to work (Wire.resetSeen), since a reset is the only
 * way back from a rate the link does not carry. Says once why a higher rate was not tried.
 */
function effectiveCap(wire: Wire, asked: number | undefined): number {
  const cap = asked ?? autoBaudCap(wire.lease.getInfo());
  if (cap <= SAFE_BAUD || wire.resetSeen) return cap;
  if (!wire.saidNoHighRate) {
    wire.saidNoHighRate = true;
    wire.log(
      `Not trying above ${SAFE_BAUD} baud: no boot output followed this port's reset, so the board may have no auto-reset circuit, and only a reset brings a chip back from a rate the link does not carry.`,
    );
  }
  return SAFE_BAUD;
}

/**
 * Raise the link to the best rate it holds: one rate above 921600 when the bridge, the cap and
 * a seen reset allow (see HIGH_RATES, effectiveCap), then 921600, else 460800, else stay at
 * 115200. Each rate is proven by a reply at that rate before anything else is sent; a rate the link did not hold is not tried again
 * in this session, and what the attempt cost is logged. A loader that refuses the change keeps
 * the current rate (and we say so). On the chip's own USB there is no UART rate to change.
 */
export async function raiseBaud(wire: Wire, asked?: number): Promise<number> {
  const { esp, transport, ctl } = wire;
  const current = transport.baudrate || ROM_BAUD;
  if (wire.usb !== "uart-bridge") {
    wire.log("The chip's own USB carries the bytes: no baud rate to change.");
    return current;
  }
  const cap = effectiveCap(wire, asked);
  for (const rate of ladder(cap, current, wire.failedRate)) {
    const started = Date.now();
    const packet = new Uint8Array(8);
    const view = new DataView(packet.buffer);
    view.setUint32(0, esp.IS_STUB ? rate : await romRate(wire, rate, current), true);
    view.setUint32(4, esp.IS_STUB ? current : 0, true); // the stub wants the old rate, the ROM 0
    try {
      await ctl.run(esp.checkCommand("change baud rate", OP.CHANGE_BAUDRATE, packet, 0, 0, 1000));
    } catch (error) {
      if (ctl.aborted || ctl.lost) throw error;
      if (await responsive(wire)) {
        wire.log(`The device refused ${rate} baud (${String(error)}); staying at ${current} baud.`);
        return current;
      }
      await reconnect(wire, esp.IS_STUB ? "stub" : "rom");
      wire.log(
        `The device stopped answering after a refused baud change; continuing at ${ROM_BAUD} baud.`,
      );
      return ROM_BAUD;
    }
    await delay(50, ctl.signal);
    let hostChanged = true;
    try {
      await ctl.run(transport.changeBaudrate(rate));
    } catch (error) {
      if (ctl.aborted || ctl.lost) throw error;
      hostChanged = false;
      wire.log(`This port cannot use ${rate} baud (${String(error)}).`);
    }
    await ctl.run(transport.drainInput());
    if (hostChanged && (await responsive(wire))) {
      wire.log(`Baud rate ${rate}.`);
      return rate;
    }
    // The chip moved but the link does not hold the rate: reset into the loader and try lower.
    wire.failedRate = Math.min(wire.failedRate ?? rate, rate);
    wire.log(`The link does not hold ${rate} baud; trying a lower rate.`);
    try {
      await reconnect(wire, esp.IS_STUB ? "stub" : "rom");
    } catch (error) {
      if (ctl.aborted || ctl.lost) throw error;
      throw stuckAt(rate, error);
    }
    wire.log(
      `Trying ${rate} baud cost ${((Date.now() - started) / 1000).toFixed(1)} s (a reset${esp.IS_STUB ? " and the stub again" : ""}).`,
    );
  }
  const final = transport.baudrate || ROM_BAUD;
  if (final < Math.min(cap, RATES[0]!)) wire.log(`Staying at ${final} baud.`);
  return final;
}

/**
 * The way back from a rate the link does not carry is a reset: the chip stays at that rate
 * until then. A port whose DTR/RTS reach no reset circuit cannot do it, so say what happened
 * (not "not in download mode") and how to get the board back.
 */
function stuckAt(rate: number, cause: unknown): FlashError {
  return new FlashError(
    "connect-failed",
    `The chip switched to ${rate} baud, which this link does not carry, and the port could not reset it back into the loader.`,
    `Press RESET on the board (holding BOOT if it has no auto-reset circuit), then retry with a baud rate of ${SAFE_BAUD} or less.`,
    "detecting",
    { cause },
  );
}

async function responsive(wire: Wire): Promise<boolean> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await wire.ctl.run(wire.esp.readReg(wire.esp.CHIP_DETECT_MAGIC_REG_ADDR, 500));
      return true;
    } catch (error) {
      if (wire.ctl.aborted || wire.ctl.lost) throw error;
      wire.transport.flushInput();
    }
  }
  return false;
}

/** The rate to ask a ROM for so that its UART ends up at `rate` (see ChipInfo.romBaudCorrection). */
async function romRate(wire: Wire, rate: number, current: number): Promise<number> {
  const { esp, ctl } = wire;
  const correction = chipFromEsptoolJsName(esp.chip.CHIP_NAME)?.romBaudCorrection;
  if (!correction) return rate;
  const chip = esp.chip as unknown as {
    UART_CLKDIV_REG: number;
    UART_CLKDIV_MASK: number;
    XTAL_CLK_DIVIDER: number;
  };
  const divider = (await ctl.run(esp.readReg(chip.UART_CLKDIV_REG))) & chip.UART_CLKDIV_MASK;
  const romCrystalMHz = (current * divider) / 1e6 / chip.XTAL_CLK_DIVIDER;
  const crystalMHz = romCrystalMHz > 33 ? 40 : 26;
  if (correction === "rom-crystal-estimate") return Math.floor((rate * romCrystalMHz) / crystalMHz);
  return crystalMHz === 26 ? Math.floor((rate * 40) / 26) : rate;
}
