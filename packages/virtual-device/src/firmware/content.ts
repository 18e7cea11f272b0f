import type { Rng } from "./random.js";

/**
 * Filler that compresses like real firmware (deflate -9 keeps roughly 60 % of it): runs
 * of instruction-like words drawn from a skewed vocabulary with random register and
 * immediate fields, repeated idioms, C strings, pointer tables and zero runs.
 */
export interface ContentStyle {
  /** Instruction width family: Xtensa (2/3-byte) or RISC-V (2/4-byte). */
  isa: "xtensa" | "riscv";
  /** Base of pointers in tables, e.g. 0x3f400000 for ESP32 DROM. */
  pointerBase: number;
}

const WORDS = [
  "error",
  "failed",
  "invalid",
  "timeout",
  "flash",
  "partition",
  "memory",
  "buffer",
  "config",
  "init",
  "task",
  "queue",
  "heap",
  "wifi",
  "socket",
  "connect",
  "handler",
  "event",
  "uart",
  "spi",
  "i2c",
  "gpio",
  "adc",
  "timer",
  "interrupt",
  "watchdog",
  "module",
  "object",
  "function",
  "argument",
  "value",
  "type",
  "index",
  "length",
  "size",
  "offset",
  "address",
  "mode",
  "state",
  "read",
  "write",
  "open",
  "close",
  "status",
  "version",
  "device",
  "driver",
  "network",
  "assert",
];
const PATHS = [
  "/home/runner/work/esp-idf/components/",
  "../../py/",
  "/builds/idf/esp-idf/components/freertos/",
  "esp_system/port/",
  "lwip/src/core/",
  "spi_flash/",
  "nvs_flash/src/",
  "esp_wifi/src/",
];
const FORMATS = ["%d", "%s", "0x%08x", "%u", "%p", "(%d)", ": %s", "=%d"];
/** Bits of an instruction byte that change between uses (register, immediate fields). */
const VARY_MASKS = [0x00, 0x03, 0x07, 0x0f, 0x70, 0xf0];

export function fillFirmwareLike(out: Uint8Array, rng: Rng, style: ContentStyle): void {
  const vocab = makeVocabulary(rng, style.isa);
  let at = 0;
  while (at < out.length) {
    const roll = rng.int(100);
    const room = out.length - at;
    if (roll < 62) at += writeCode(out, at, Math.min(room, rng.range(256, 2048)), rng, vocab);
    else if (roll < 84) at += writeStrings(out, at, Math.min(room, rng.range(64, 768)), rng);
    else if (roll < 96)
      at += writeTable(out, at, Math.min(room, rng.range(32, 512)), rng, style.pointerBase);
    else at += writeZeros(out, at, Math.min(room, rng.range(8, 96)));
  }
}

interface Vocabulary {
  /** Instruction templates: fixed bytes plus a mask of the bits that vary per use. */
  ops: { bytes: number[]; vary: number[] }[];
}

function makeVocabulary(rng: Rng, isa: ContentStyle["isa"]): Vocabulary {
  const ops: Vocabulary["ops"] = [];
  for (let i = 0; i < 160; i++) {
    const width = isa === "xtensa" ? (rng.int(3) === 0 ? 2 : 3) : rng.int(3) === 0 ? 2 : 4;
    const bytes: number[] = [];
    const vary: number[] = [];
    for (let b = 0; b < width; b++) {
      bytes.push(rng.int(256));
      // Opcode byte fixed; register and immediate fields vary a few bits each.
      vary.push(b === 0 ? 0 : (VARY_MASKS[(i * 3 + b) % VARY_MASKS.length] as number));
    }
    ops.push({ bytes, vary });
  }
  return { ops };
}

function writeCode(out: Uint8Array, at: number, len: number, rng: Rng, vocab: Vocabulary): number {
  const end = at + len;
  let p = at;
  while (p < end) {
    // Copy an earlier idiom (prologue, epilogue, inlined call) now and then.
    if (p - at > 64 && rng.int(9) === 0) {
      const n = Math.min(end - p, rng.range(6, 24));
      out.copyWithin(p, p - rng.range(16, p - at), p - rng.range(16, p - at) + n);
      p += n;
      continue;
    }
    const op = vocab.ops[rng.skewed(vocab.ops.length)]!;
    for (let b = 0; b < op.bytes.length && p < end; b++) {
      const vary = op.vary[b]!;
      out[p++] = (op.bytes[b]! & ~vary) | (rng.u32() & vary);
    }
  }
  return len;
}

function writeStrings(out: Uint8Array, at: number, len: number, rng: Rng): number {
  const end = at + len;
  let p = at;
  while (p < end) {
    let s = rng.int(4) === 0 ? rng.pick(PATHS) + rng.pick(WORDS) + ".c" : "";
    const words = rng.range(1, 6);
    for (let w = 0; w < words; w++) {
      s += (s ? " " : "") + WORDS[rng.skewed(WORDS.length)];
      if (rng.int(5) === 0) s += " " + rng.pick(FORMATS);
    }
    for (let i = 0; i < s.length && p < end; i++) out[p++] = s.charCodeAt(i);
    // NUL terminator, then align to 4 as compilers do for .rodata strings.
    do if (p < end) out[p++] = 0;
    while (p < end && (p - at) % 4 !== 0);
  }
  return len;
}

function writeTable(out: Uint8Array, at: number, len: number, rng: Rng, base: number): number {
  const end = at + len;
  let value = (base + rng.int(0x40000) * 4) >>> 0;
  let p = at;
  while (p < end) {
    value = (value + rng.range(1, 96) * 4) >>> 0;
    for (let b = 0; b < 4 && p < end; b++) out[p++] = (value >>> (8 * b)) & 0xff;
  }
  return len;
}

function writeZeros(out: Uint8Array, at: number, len: number): number {
  out.fill(0, at, at + len);
  return len;
}
