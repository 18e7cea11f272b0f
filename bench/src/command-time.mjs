// Device-clock time per loader command, from the replies a virtual device sends: each reply
// is charged the time since the previous one. Comparing two clients this way shows where
// their times differ (stub upload, waits, hashing) and where they cannot (the write blocks).
const NAMES = {
  0x02: "flash begin",
  0x03: "flash data",
  0x05: "mem begin",
  0x06: "mem end",
  0x07: "stub upload (mem data)",
  0x08: "sync",
  0x09: "write reg",
  0x0a: "read reg",
  0x0b: "spi set params",
  0x0d: "spi attach",
  0x0f: "change baud",
  0x10: "deflate begin",
  0x11: "deflate data",
  0x12: "deflate end",
  0x13: "flash MD5",
  0x14: "security info",
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
