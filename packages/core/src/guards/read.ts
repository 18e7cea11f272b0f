import { chipInfo, type ChipFamily } from "../chips/index.js";
import { revisionFromWords, revisionWords } from "./revision.js";
import {
  ESP32_EFUSE,
  NO_SECURITY,
  securityFromEsp32Efuses,
  securityFromInfo,
  withSecurityEfuses,
  type ChipSecurity,
} from "./security.js";

/** What the guards need from a loader (esptool-js's ESPLoader has both). */
export interface GuardLoader {
  readReg(address: number): Promise<number>;
  getSecurityInfo(cache?: boolean): Promise<{ flags: number; flashCryptCnt: number }>;
}

export interface ChipGuardFacts {
  security: ChipSecurity;
  /** major × 100 + minor, as esptool compares it with an image's revision range; absent when unreadable. */
  revisionFull?: number;
}

// ESP32 revision eFuses, as esptool reads them: major from three bits, minor from word 5.
const ESP32_WORD3 = 0x3ff5a00c;
const ESP32_WORD5 = 0x3ff5a014;
const ESP32_APB_CTL_DATE = 0x3ff6607c;
const ESP32_MAJOR: Readonly<Record<number, number>> = { 0: 0, 1: 1, 3: 2, 7: 3 };
const READS = 4;

/** Register and security replies carry no checksum: read until two reads agree (`first`: one already made). */
async function stable<T>(read: () => Promise<T>, what: string, first?: T): Promise<T> {
  let last = JSON.stringify(first ?? (await read()));
  for (let i = 1; i < READS; i++) {
    const value = await read();
    const text = JSON.stringify(value);
    if (text === last) return value;
    last = text;
  }
  throw new Error(`${what} read differently ${READS} times (serial noise or corruption)`);
}

/** One command at a time: the loader has one request in flight. */
async function inTurn(reads: (() => Promise<number>)[]): Promise<number[]> {
  const values: number[] = [];
  for (const read of reads) values.push(await read());
  return values;
}

/** The security eFuses esptool's write-flash guards read (the chip table's), on top of GET_SECURITY_INFO. */
async function withEfuses(
  loader: GuardLoader,
  family: ChipFamily,
  reported: ChipSecurity,
): Promise<ChipSecurity> {
  const efuses = chipInfo(family).securityEfuses;
  if (!efuses) return reported;
  const addresses = [
    ...new Set(
      [efuses.flashCryptCnt, efuses.secureBootEn, efuses.disDownloadManualEncrypt]
        .filter((f) => f !== undefined)
        .map((f) => f.address),
    ),
  ];
  const words = await stable(
    () => inTurn(addresses.map((a) => () => loader.readReg(a))),
    "The security eFuses",
  );
  return withSecurityEfuses(reported, efuses, new Map(addresses.map((a, i) => [a, words[i]!])));
}

/**
 * Security state and chip revision, read before the stub starts (as the ROM answers them):
 * GET_SECURITY_INFO where the ROM has it, the ESP32's eFuse registers, nothing on the ESP8266.
 * Register replies carry no checksum, so eFuse words are read until two reads agree.
 */
export async function readChipGuardFacts(
  loader: GuardLoader,
  family: ChipFamily,
): Promise<ChipGuardFacts> {
  if (family === "ESP8266") return { security: NO_SECURITY };
  if (family === "ESP32") {
    const [w0, w3, w5, w6, apb] = await stable(
      () =>
        inTurn(
          [
            ESP32_EFUSE.cryptCntReg,
            ESP32_WORD3,
            ESP32_WORD5,
            ESP32_EFUSE.absDoneReg,
            ESP32_APB_CTL_DATE,
          ].map((a) => () => loader.readReg(a)),
        ),
      "The ESP32 eFuses",
    );
    const bits = (((apb! >>> 31) & 1) << 2) | (((w5! >>> 20) & 1) << 1) | ((w3! >>> 15) & 1);
    const revisionFull = (ESP32_MAJOR[bits] ?? 0) * 100 + ((w5! >>> 24) & 3);
    return { security: securityFromEsp32Efuses(w0!, w6!, revisionFull), revisionFull };
  }
  // The reply esptool-js read at connect (if it did), confirmed by a fresh one.
  const read = async (cache: boolean) => {
    const { flags, flashCryptCnt } = await loader.getSecurityInfo(cache);
    return { flags, flashCryptCnt };
  };
  const info = await stable(() => read(false), "The security info", await read(true));
  const reported = securityFromInfo(info.flags, info.flashCryptCnt);
  // Secure download mode refuses READ_REG: the eFuses and the revision stay unknown.
  if (reported.secureDownloadMode) return { security: reported };
  const security = await withEfuses(loader, family, reported);
  const addresses = revisionWords(family);
  if (addresses.length === 0) return { security };
  const words = await stable(
    () => inTurn(addresses.map((a) => () => loader.readReg(a))),
    "The chip revision eFuses",
  );
  const revisionFull = revisionFromWords(family, words);
  return revisionFull === undefined ? { security } : { security, revisionFull };
}
