// Device-clock time per loader command, from the replies a virtual device sends: each reply
// is charged the time since the previous one. Comparing two clients this way shows where
// their times differ (stub upload, waits, hashing) and where they cannot (the write blocks).
import { Op } from "@esp-flash/virtual-device";

// Names as the bench's table prints them, for the virtual device's op codes.
const NAMES = {
  [Op.FLASH_BEGIN]: "flash begin",
  [Op.FLASH_DATA]: "flash data",
  [Op.MEM_BEGIN]: "mem begin",
  [Op.MEM_END]: "mem end",
  [Op.MEM_DATA]: "stub upload (mem data)",
  [Op.SYNC]: "sync",
  [Op.WRITE_REG]: "write reg",
  [Op.READ_REG]: "read reg",
  [Op.SPI_SET_PARAMS]: "spi set params",
  [Op.SPI_ATTACH]: "spi attach",
  [Op.CHANGE_BAUDRATE]: "change baud",
  [Op.FLASH_DEFL_BEGIN]: "deflate begin",
  [Op.FLASH_DEFL_DATA]: "deflate data",
  [Op.FLASH_DEFL_END]: "deflate end",
  [Op.SPI_FLASH_MD5]: "flash MD5",
  [Op.GET_SECURITY_INFO]: "security info",
};

/** Starts recording `device`'s replies; `summary()` gives ms and count per command. */
export function traceCommands(device) {
  const perCommand = {};
  let last = device.clock.elapsedMs;
  device.onTransmit((bytes) => {
    // A reply frame starts 0xC0 0x01 <opcode>; SLIP escapes keep 0xC0 out of payloads.
    for (let i = 0; i + 2 < bytes.length; i++) {
      if (bytes[i] !== 0xc0 || bytes[i + 1] !== 0x01) continue;
      const now = device.clock.elapsedMs;
      const name = NAMES[bytes[i + 2]] ?? `0x${bytes[i + 2].toString(16)}`;
      const entry = (perCommand[name] ??= { count: 0, ms: 0 });
      entry.count++;
      entry.ms += now - last;
      last = now;
    }
  });
  return { summary: () => perCommand };
}
