import { CHIP_MODELS, USB_IDS, defaultFlashId, isChipFamily, parseSizeName } from "../chips.js";
import type { ChipModel } from "../chips.js";
import { VirtualDeviceError } from "./errors.js";
import { prng } from "./faults.js";
import type { UsbKind, VirtualEspOptions, VirtualSecurity } from "./types.js";
import { USB_BRIDGES, usbLink, type UsbLink } from "./usb-link.js";

export interface ResolvedOptions {
  model: ChipModel;
  flashSize: string;
  flashBytes: number;
  flashId: number;
  mac: Uint8Array;
  usb: UsbKind;
  usbIds: { usbVendorId: number; usbProductId: number };
  link: UsbLink;
  seed: number;
  security: VirtualSecurity;
}

/** Validate options and fill per-family defaults; throws VirtualDeviceError with advice. */
export function resolveOptions(o: VirtualEspOptions): ResolvedOptions {
  if (!isChipFamily(o.chip)) {
    throw new VirtualDeviceError(
      "unknown-chip",
      `Unknown chip family "${String(o.chip)}"`,
      `Use one of: ${Object.keys(CHIP_MODELS).join(", ")}`,
    );
  }
  const model = CHIP_MODELS[o.chip];
  const seed = o.seed ?? 1;
  const fromId = o.flashId !== undefined ? sizeFromCapacity((o.flashId >>> 16) & 0xff) : undefined;
  const flashSize = o.flashSize ?? fromId ?? model.defaultFlashSize;
  const flashBytes = parseSizeName(flashSize);
  if (
    flashBytes === undefined ||
    flashBytes < 0x40000 ||
    flashBytes > 0x8000000 ||
    (flashBytes & (flashBytes - 1)) !== 0
  ) {
    throw new VirtualDeviceError(
      "bad-flash-size",
      `Flash size "${flashSize}" is not a power of two from 256KB to 128MB`,
      'Write it like "4MB" or "512KB".',
    );
  }
  const usb = o.usb ?? "uart-bridge";
  if (usb === "usb-jtag-serial" && !model.usbJtagSerial) {
    throw new VirtualDeviceError(
      "no-usb-jtag",
      `${model.family} has no USB-JTAG-serial peripheral`,
      'Use usb: "uart-bridge" for this chip.',
    );
  }
  if (usb === "usb-otg" && !model.usbOtg) {
    throw new VirtualDeviceError(
      "no-usb-otg",
      `${model.family} has no USB-OTG download port (only the ESP32-S2, -S3 and -P4 ROMs have one)`,
      'Use usb: "uart-bridge" (or "usb-jtag-serial" where the chip has it).',
    );
  }
  if (o.usbBridge !== undefined && (usb !== "uart-bridge" || !(o.usbBridge in USB_BRIDGES))) {
    throw new VirtualDeviceError(
      "bad-option",
      `usbBridge "${String(o.usbBridge)}" needs usb: "uart-bridge" and one of ${Object.keys(USB_BRIDGES).join(", ")}`,
      'Use e.g. { usb: "uart-bridge", usbBridge: "ch340" }.',
    );
  }
  if (o.bootHeld && usb !== "usb-otg") {
    throw new VirtualDeviceError(
      "bad-option",
      "bootHeld is a usb-otg board's BOOT button; other boards take GPIO0 from DTR/RTS",
      'Use { usb: "usb-otg", bootHeld: true }, or drop bootHeld.',
    );
  }
  for (const [name, value] of [
    ["usbLatencyMs", o.usbLatencyMs],
    ["bridgeMaxBaud", o.bridgeMaxBaud],
    ["usbReenumerateMs", o.usbReenumerateMs],
  ] as const) {
    if (value !== undefined && !(Number.isFinite(value) && value >= 0)) {
      throw new VirtualDeviceError(
        "bad-option",
        `${name} must be a non-negative number, not ${String(value)}`,
        `Pass ${name} in ${name === "bridgeMaxBaud" ? "baud" : "milliseconds"}.`,
      );
    }
  }
  const link = usbLink(usb, o.usbBridge, o.usbLatencyMs, model.usbOtg?.productId);
  if (usb === "uart-bridge" && o.bridgeMaxBaud !== undefined) link.maxBaud = o.bridgeMaxBaud;
  return {
    model,
    flashSize,
    flashBytes,
    flashId: (o.flashId ?? defaultFlashId(flashBytes)) >>> 0,
    mac: o.mac !== undefined ? parseMac(o.mac) : defaultMac(seed),
    usb,
    usbIds:
      usb === "usb-jtag-serial"
        ? { ...USB_IDS[usb] }
        : { usbVendorId: link.usbVendorId, usbProductId: link.usbProductId },
    link,
    seed,
    security: checkSecurity(model, o.security ?? {}, o.revision ?? 0),
  };
}

/** Only what the family's eFuses can hold; see VirtualSecurity. */
function checkSecurity(model: ChipModel, s: VirtualSecurity, revision: number): VirtualSecurity {
  const bad = (message: string, advice: string) =>
    new VirtualDeviceError("bad-option", message, advice);
  const any =
    s.secureBoot !== undefined ||
    (s.flashCryptCnt ?? 0) !== 0 ||
    s.downloadEncryptDisabled === true;
  if (model.family === "ESP8266" && any)
    throw bad(
      "The ESP8266 has no secure boot or flash encryption",
      "Leave `security` out for an ESP8266.",
    );
  if (s.secureBoot === "v1" && model.family !== "ESP32")
    throw bad(
      `Secure boot v1 exists only on the ESP32, not ${model.family}`,
      'Use secureBoot: "v2".',
    );
  if (s.secureBoot === "v1" && s.secureBootKey?.length !== 32)
    throw bad(
      "Secure boot v1 needs a 32-byte secureBootKey",
      "Pass the 256-bit key espsecure digested the bootloader with.",
    );
  if (s.secureBoot === "v2" && model.family === "ESP32" && revision < 300)
    throw bad(
      "ESP32 secure boot v2 needs chip revision v3.0 or later",
      'Pass revision: 300, or use secureBoot: "v1".',
    );
  const cntBits = model.family === "ESP32" ? 7 : 3;
  const cnt = s.flashCryptCnt ?? 0;
  if (!Number.isInteger(cnt) || cnt < 0 || cnt >= 1 << cntBits)
    throw bad(
      `flashCryptCnt ${cnt} does not fit ${cntBits} eFuse bits`,
      `Use 0 to ${(1 << cntBits) - 1}.`,
    );
  if ((s.keyPurposes?.length ?? 0) > 7)
    throw bad("GET_SECURITY_INFO reports at most 7 key purposes", "Pass up to 7.");
  return s;
}

function sizeFromCapacity(cap: number): string | undefined {
  const exp = cap >= 0x32 && cap <= 0x3a ? cap - 0x20 : cap;
  if (exp < 0x12 || exp > 0x1b) return undefined;
  const bytes = 2 ** exp;
  return bytes >= 0x100000 ? `${bytes / 0x100000}MB` : `${bytes / 1024}KB`;
}

function parseMac(text: string): Uint8Array {
  const parts = text.split(/[:-]/);
  if (parts.length !== 6 || parts.some((p) => !/^[0-9a-fA-F]{2}$/.test(p))) {
    throw new VirtualDeviceError(
      "bad-mac",
      `MAC "${text}" is not six hex bytes`,
      'Write it like "24:0a:c4:12:34:56".',
    );
  }
  return Uint8Array.from(parts, (p) => parseInt(p, 16));
}

/** Espressif OUI with seeded device bytes, so each seed is a different board. */
function defaultMac(seed: number): Uint8Array {
  const r = prng(seed ^ 0x5eed);
  return Uint8Array.of(
    0x24,
    0x0a,
    0xc4,
    Math.floor(r() * 256),
    Math.floor(r() * 256),
    Math.floor(r() * 256),
  );
}
