import { parseArgs } from "node:util";
import { isChipFamily, type ChipFamily } from "../chips.js";
import type { SampleFirmwareKind } from "../firmware/index.js";
import type { UsbBridge } from "../device/types.js";
import { USB_BRIDGES } from "../device/usb-link.js";
import type { VirtualEspServerOptions } from "./start.js";

export const USAGE = `virtual-esp — a virtual ESP chip for flasher tests and demos

  virtual-esp serve --chip ESP8266 [--flash-size 4MB] [--port 5555] [--flash-file FILE] [--rfc2217]
                    [--usb uart-bridge|usb-jtag-serial|usb-otg [--boot-held]] [--mac aa:bb:cc:dd:ee:ff] [--realtime] [--seed N]
                    [--usb-bridge cp210x|cp2102|cp2102n|ch340|ch9102|ftdi] [--usb-latency MS] [--bridge-max-baud BAUD]
      Serve the chip's raw serial stream on 127.0.0.1:PORT (esptool.py --port socket://127.0.0.1:PORT).
      Every new client finds the chip reset into download mode. --flash-file keeps the flash between runs.
      --rfc2217 serves RFC 2217 instead (--port rfc2217://127.0.0.1:PORT): baud changes and DTR/RTS
      reach the chip, so esptool's reset sequences work and nothing is reset behind its back.

  virtual-esp --version | --help

  virtual-esp firmware KIND --out FILE [--chip ESP32] [--flash-size 2MB] [--size BYTES] [--seed N]
      Write a sample image: micropython-esp8266 | esp32-merged | esp32-parts | app.
      esp32-parts writes FILE-bootloader.bin, FILE-partition-table.bin and FILE-app.bin.
`;

export type Command =
  | { kind: "help" }
  | { kind: "version" }
  | { kind: "serve"; options: VirtualEspServerOptions }
  | {
      kind: "firmware";
      firmware: SampleFirmwareKind;
      out: string;
      chip?: ChipFamily;
      flashSize?: string;
      size?: number;
      seed?: number;
    };

export class UsageError extends Error {
  override readonly name = "UsageError";
  readonly code = "usage";
}

const KINDS: readonly SampleFirmwareKind[] = [
  "micropython-esp8266",
  "esp32-merged",
  "esp32-parts",
  "app",
];

export function parseCommand(argv: string[]): Command {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      chip: { type: "string" },
      "flash-size": { type: "string" },
      port: { type: "string" },
      "flash-file": { type: "string" },
      usb: { type: "string" },
      mac: { type: "string" },
      realtime: { type: "boolean" },
      rfc2217: { type: "boolean" },
      "boot-held": { type: "boolean" },
      "usb-bridge": { type: "string" },
      "usb-latency": { type: "string" },
      "bridge-max-baud": { type: "string" },
      seed: { type: "string" },
      out: { type: "string" },
      size: { type: "string" },
      help: { type: "boolean", short: "h" },
      version: { type: "boolean", short: "v" },
    },
  });
  const [verb, ...rest] = positionals;
  if (values.version) return { kind: "version" };
  if (values.help || verb === "help") return { kind: "help" };
  if (verb === undefined) throw new UsageError("Give a command: serve or firmware.");
  const chip = values.chip === undefined ? undefined : checkChip(values.chip);
  const seed = integer(values.seed, "--seed");
  if (verb === "serve") {
    if (!chip) throw new UsageError("serve needs --chip, e.g. --chip ESP8266.");
    const usbKinds = ["uart-bridge", "usb-jtag-serial", "usb-otg"] as const;
    const usb = usbKinds.find((k) => k === values.usb);
    if (values.usb !== undefined && !usb) {
      throw new UsageError(`--usb must be ${usbKinds.join(", ")}, not "${values.usb}".`);
    }
    const options: VirtualEspServerOptions = { chip, port: integer(values.port, "--port") ?? 5555 };
    if (values["flash-size"] !== undefined) options.flashSize = values["flash-size"];
    if (values["flash-file"] !== undefined) options.flashFile = values["flash-file"];
    if (usb !== undefined) options.usb = usb;
    if (values.mac !== undefined) options.mac = values.mac;
    if (values.realtime) options.timing = "realtime";
    if (values.rfc2217) options.protocol = "rfc2217";
    if (values["boot-held"]) {
      if (usb !== "usb-otg") throw new UsageError("--boot-held is for --usb usb-otg boards.");
      options.bootHeld = true;
    }
    const bridge = values["usb-bridge"];
    if (bridge !== undefined) {
      const known = Object.keys(USB_BRIDGES) as UsbBridge[];
      const model = known.find((k) => k === bridge);
      if (!model)
        throw new UsageError(`--usb-bridge must be ${known.join(", ")}, not "${bridge}".`);
      options.usbBridge = model;
    }
    const latency = values["usb-latency"];
    if (latency !== undefined) {
      const ms = Number(latency);
      if (!Number.isFinite(ms) || ms < 0)
        throw new UsageError(`--usb-latency must be milliseconds, not "${latency}".`);
      options.usbLatencyMs = ms;
    }
    const maxBaud = integer(values["bridge-max-baud"], "--bridge-max-baud");
    if (maxBaud !== undefined) options.bridgeMaxBaud = maxBaud;
    if (seed !== undefined) options.seed = seed;
    return { kind: "serve", options };
  }
  if (verb === "firmware") {
    const firmware = rest[0] as SampleFirmwareKind | undefined;
    if (!firmware || !KINDS.includes(firmware))
      throw new UsageError(`firmware needs a kind: ${KINDS.join(", ")}.`);
    if (!values.out) throw new UsageError("firmware needs --out FILE.");
    const size = integer(values.size, "--size");
    return {
      kind: "firmware",
      firmware,
      out: values.out,
      ...(chip ? { chip } : {}),
      ...(values["flash-size"] !== undefined ? { flashSize: values["flash-size"] } : {}),
      ...(size !== undefined ? { size } : {}),
      ...(seed !== undefined ? { seed } : {}),
    };
  }
  throw new UsageError(`Unknown command "${verb}". Use serve or firmware.`);
}

function checkChip(value: string): ChipFamily {
  if (!isChipFamily(value))
    throw new UsageError(`Unknown chip "${value}". Use ESP8266, ESP32, ESP32-S3, ESP32-C3, …`);
  return value;
}

function integer(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new UsageError(`${name} must be a non-negative integer, not "${value}".`);
  return n;
}
