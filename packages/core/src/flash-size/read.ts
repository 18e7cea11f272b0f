import { chipFromEsptoolJsName, chipInfo, type ChipFamily, type ChipInfo } from "../chips/index.js";
import { EspFlashError } from "../errors.js";
import { flashSizeBytes, flashSizeFromId } from "./sizes.js";

/** The part of esptool-js's `ESPLoader` that flash-ID reading uses. */
export interface RegisterLoader {
  readReg(addr: number): Promise<number>;
  writeReg(
    addr: number,
    value: number,
    mask?: number,
    delayUs?: number,
    delayAfterUs?: number,
  ): Promise<void>;
  chip?: { CHIP_NAME: string };
}

const SPI_CMD_USR = 1 << 18;
const SPI_USR_COMMAND = 0x80000000;
const SPI_USR_MISO = 0x10000000;
const SPIFLASH_RDID = 0x9f;
const RDID_BITS = 24;
// ESP8266 SPI_USER1: MISO bit length - 1 lives at bit 8 (there are no DLEN registers).
const ESP8266_MISO_BITLEN_SHIFT = 8;
const MAX_POLLS = 10;

function loaderChip(loader: RegisterLoader, family?: ChipFamily): ChipInfo {
  if (family) return chipInfo(family);
  const name = loader.chip?.CHIP_NAME;
  const info = name === undefined ? undefined : chipFromEsptoolJsName(name);
  if (!info) {
    throw new EspFlashError(
      "chip-unsupported",
      `Cannot read the flash ID of chip '${name ?? "unknown"}'.`,
      "Connect first (loader.main()) so the chip is known; this chip family may not be supported.",
    );
  }
  return info;
}

/**
 * Reads the flash chip's JEDEC ID (RDID, 0x9F) through the SPI controller registers with
 * READ_REG/WRITE_REG, using the family's own register layout. Unlike esptool-js 0.7.0 it
 * gives the ESP8266 its read length in USR1 and never touches DLEN registers it lacks.
 * Returns the 24-bit ID `mfg | type << 8 | capacity << 16`.
 */
export async function readFlashId(loader: RegisterLoader, family?: ChipFamily): Promise<number> {
  const { spi } = loaderChip(loader, family);
  const reg = (offset: number) => spi.base + offset;
  const savedUsr = await loader.readReg(reg(spi.usr));
  const savedUsr2 = await loader.readReg(reg(spi.usr2));
  const restore = async () => {
    await loader.writeReg(reg(spi.usr), savedUsr >>> 0);
    await loader.writeReg(reg(spi.usr2), savedUsr2 >>> 0);
  };
  let id: number;
  try {
    if (spi.misoDlen === undefined) {
      await loader.writeReg(reg(spi.usr1), (RDID_BITS - 1) << ESP8266_MISO_BITLEN_SHIFT);
    } else {
      await loader.writeReg(reg(spi.misoDlen), RDID_BITS - 1);
    }
    await loader.writeReg(reg(spi.usr), (SPI_USR_COMMAND | SPI_USR_MISO) >>> 0);
    await loader.writeReg(reg(spi.usr2), ((7 << 28) | SPIFLASH_RDID) >>> 0);
    await loader.writeReg(reg(spi.w0), 0);
    await loader.writeReg(spi.base, SPI_CMD_USR);
    let done = false;
    for (let i = 0; i < MAX_POLLS && !done; i++)
      done = ((await loader.readReg(spi.base)) & SPI_CMD_USR) === 0;
    if (!done) {
      throw new EspFlashError(
        "flash-id-timeout",
        "The flash chip did not finish the read-ID command.",
        "Reset the board into download mode and retry; if it persists the flash chip may be faulty or not connected.",
      );
    }
    id = ((await loader.readReg(reg(spi.w0))) & 0xffffff) >>> 0;
  } catch (error) {
    // Best effort: the original failure is the one worth reporting.
    await restore().catch(() => undefined);
    throw error;
  }
  await restore();
  return id;
}

export interface DetectedFlashSize {
  id: number;
  /** `undefined` when esptool's tables do not know the ID: keep the image's own size. */
  size: string | undefined;
  bytes: number | undefined;
}

/** Reads the flash ID and names its size; an unknown ID is reported as such, never guessed. */
export async function detectFlashSize(
  loader: RegisterLoader,
  family?: ChipFamily,
): Promise<DetectedFlashSize> {
  const id = await readFlashId(loader, family);
  const size = flashSizeFromId(id);
  return { id, size, bytes: size === undefined ? undefined : flashSizeBytes(size) };
}
