import { describe, expect, it } from "vitest";
import {
  checkBootloaderRegion,
  checkSecuredErase,
  GuardError,
  NO_SECURITY,
  securityFromEsp32Efuses,
  securityFromInfo,
  securityHold,
  securityNote,
} from "../index.js";

describe("chip security state", () => {
  it("GET_SECURITY_INFO: bit 0 secure boot (v2 on every chip that answers), bit 2 secure download mode, odd crypt count = encryption", () => {
    expect(securityFromInfo(0, 0)).toEqual({
      source: "security-info",
      secureBoot: false,
      flashEncryption: false,
      flashCryptCnt: 0,
      secureDownloadMode: false,
    });
    expect(securityFromInfo(1, 0)).toMatchObject({
      secureBoot: true,
      secureBootVersion: 2,
      secureDownloadMode: false,
    });
    expect(securityFromInfo(0b100, 0)).toMatchObject({
      secureBoot: false,
      secureDownloadMode: true,
    });
    expect(securityFromInfo(0, 0b001).flashEncryption).toBe(true);
    expect(securityFromInfo(0, 0b011).flashEncryption).toBe(false);
    expect(securityFromInfo(0, 0b111).flashEncryption).toBe(true);
  });

  it("ESP32 eFuses: ABS_DONE_0 is v1; ABS_DONE_1 is v2 only from revision v3.0; FLASH_CRYPT_CNT bits 20..26", () => {
    expect(securityFromEsp32Efuses(0, 1 << 4, 100)).toMatchObject({
      source: "efuse",
      secureBoot: true,
      secureBootVersion: 1,
    });
    expect(securityFromEsp32Efuses(0, 1 << 5, 300)).toMatchObject({
      secureBoot: true,
      secureBootVersion: 2,
    });
    expect(securityFromEsp32Efuses(0, 1 << 5, 100).secureBoot).toBe(false);
    expect(securityFromEsp32Efuses(0b1 << 20, 0, 100)).toMatchObject({
      flashEncryption: true,
      flashCryptCnt: 1,
    });
    expect(securityFromEsp32Efuses(0b11 << 20, 0, 100)).toMatchObject({
      flashEncryption: false,
      flashCryptCnt: 3,
    });
    expect(securityFromEsp32Efuses(0x0f00_0000 ^ (0x7f << 20), 0, 0).flashCryptCnt).toBe(
      0x7f ^ 0x70,
    );
  });

  it("holds patching on a secured chip (with a reason) and lets it go ahead otherwise", () => {
    const bytes = Uint8Array.of(0xe9, 1, 2, 3, 4, 5, 6, 7);
    for (const s of [
      securityFromInfo(1, 0),
      securityFromInfo(0, 1),
      securityFromInfo(4, 0),
      securityFromEsp32Efuses(0, 1 << 4, 0),
    ]) {
      const held = securityHold(bytes, s);
      expect(held).toMatchObject({
        outcome: "unchanged",
        reasonCode: "chip-secured",
        changes: [],
        shaUpdated: false,
      });
      expect(held?.bytes).toBe(bytes);
      expect(held?.reason).toMatch(
        /^Security features enabled \((secure boot v[12]|flash encryption|secure download mode)\), so flash settings are not changed\.$/,
      );
    }
    expect(securityHold(bytes, NO_SECURITY)).toBeUndefined();
    expect(securityHold(bytes, undefined)).toBeUndefined();
    expect(securityNote(securityFromInfo(1, 1), "ESP32-C3")).toMatch(
      /ESP32-C3 has secure boot v2 and flash encryption enabled/,
    );
    expect(securityNote(NO_SECURITY, "ESP32")).toBeUndefined();
  });

  it("refuses parts below 0x8000 on a chip with secure boot or flash encryption, unless forced", () => {
    const parts = [
      { name: "bootloader.bin", offset: 0x1000 },
      { name: "app.bin", offset: 0x10000 },
    ];
    for (const s of [
      securityFromInfo(1, 0),
      securityFromInfo(0, 1),
      securityFromEsp32Efuses(0, 1 << 4, 0),
    ]) {
      let thrown: unknown;
      try {
        checkBootloaderRegion(parts, s, false);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(GuardError);
      expect(thrown).toMatchObject({
        code: "secured-bootloader-write",
        message: expect.stringContaining("bootloader.bin at 0x1000"),
      });
      expect((thrown as GuardError).advice).toMatch(/from 0x8000/);
      expect(() => checkBootloaderRegion(parts, s, true)).not.toThrow();
      expect(() => checkBootloaderRegion(parts.slice(1), s, false)).not.toThrow();
    }
    // Secure download mode alone protects nothing in flash: esptool writes there.
    expect(() => checkBootloaderRegion(parts, securityFromInfo(4, 0), false)).not.toThrow();
    expect(() => checkBootloaderRegion(parts, NO_SECURITY, false)).not.toThrow();
  });

  it("refuses a full erase on a chip with secure boot or flash encryption, unless forced (esptool erase_flash)", () => {
    expect(() => checkSecuredErase(securityFromInfo(1, 0), false)).toThrow(GuardError);
    expect(() => checkSecuredErase(securityFromInfo(0, 1), false)).toThrow(
      /erasing the whole flash is refused/,
    );
    expect(() => checkSecuredErase(securityFromInfo(1, 0), true)).not.toThrow();
    expect(() => checkSecuredErase(securityFromInfo(4, 0), false)).not.toThrow();
    expect(() => checkSecuredErase(NO_SECURITY, false)).not.toThrow();
  });
});
