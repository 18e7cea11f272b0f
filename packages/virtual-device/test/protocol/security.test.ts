import { sha256 } from "@noble/hashes/sha2.js";
import { describe, expect, it } from "vitest";
import { VirtualEsp } from "../../src/device/virtual-esp.js";
import {
  secureBootV1Digest,
  secureBootV1File,
  secureBootV2SignedStyle,
} from "../../src/device/secure-boot.js";
import { esptool } from "./helpers.js";
import { buildImage } from "./image-builder.js";

const KEY = Uint8Array.from({ length: 32 }, (_, i) => (i * 29 + 7) & 0xff);
const IV = Uint8Array.from({ length: 128 }, (_, i) => (i * 53 + 1) & 0xff);

/** What a header patch does to an ESP32 bootloader: new size nibble, appended SHA-256 recomputed. */
function patchedHeader(bootloader: Uint8Array, sizeByte: number): Uint8Array {
  const out = bootloader.slice();
  out[3] = sizeByte;
  const end = out.length - 32;
  out.set(sha256(out.subarray(0, end)), end);
  return out;
}

function at(offset: number, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(offset + data.length).fill(0xff);
  out.set(data, offset);
  return out;
}

describe("security eFuses and GET_SECURITY_INFO", () => {
  it("newer chips report secure boot, flash_crypt_cnt and key purposes in GET_SECURITY_INFO", async () => {
    const device = new VirtualEsp({
      chip: "ESP32-C3",
      security: { secureBoot: "v2", flashCryptCnt: 0b001, keyPurposes: [9, 4, 0] },
    });
    const { loader } = esptool(device);
    await loader.main("default_reset");
    const info = await loader.getSecurityInfo(false);
    expect(info).toMatchObject({ flashCryptCnt: 1, keyPurposes: [9, 4, 0, 0, 0, 0, 0], chipId: 5 });
    expect(info.parsedFlags.SECURE_BOOT_EN).toBe(true);
    expect(info.parsedFlags.SECURE_DOWNLOAD_ENABLE).toBe(false);
  });

  it("ESP32 shows ABS_DONE_0 / ABS_DONE_1 and FLASH_CRYPT_CNT where esptool reads them (READ_REG)", async () => {
    const v1 = new VirtualEsp({
      chip: "ESP32",
      security: { secureBoot: "v1", secureBootKey: KEY, flashCryptCnt: 0b111 },
    });
    const v2 = new VirtualEsp({ chip: "ESP32", revision: 300, security: { secureBoot: "v2" } });
    const plain = new VirtualEsp({ chip: "ESP32" });
    const read = async (device: VirtualEsp) => {
      const { loader } = esptool(device);
      await loader.main("default_reset");
      return { absDone: await loader.readReg(0x3ff5a018), word0: await loader.readReg(0x3ff5a000) };
    };
    const a = await read(v1);
    expect(a.absDone & 0x30).toBe(0x10);
    expect((a.word0 >>> 20) & 0x7f).toBe(0b111);
    expect((await read(v2)).absDone & 0x30).toBe(0x20);
    expect(await read(plain)).toEqual({ absDone: 0, word0: 0 });
  });

  it("refuses options the family's eFuses cannot hold", () => {
    expect(
      () =>
        new VirtualEsp({ chip: "ESP32-C3", security: { secureBoot: "v1", secureBootKey: KEY } }),
    ).toThrow(/only on the ESP32/);
    expect(() => new VirtualEsp({ chip: "ESP32", security: { secureBoot: "v1" } })).toThrow(
      /32-byte/,
    );
    expect(() => new VirtualEsp({ chip: "ESP32", security: { secureBoot: "v2" } })).toThrow(
      /v3\.0/,
    );
    expect(() => new VirtualEsp({ chip: "ESP8266", security: { flashCryptCnt: 1 } })).toThrow(
      /ESP8266/,
    );
    expect(() => new VirtualEsp({ chip: "ESP32-S3", security: { flashCryptCnt: 8 } })).toThrow(
      /3 eFuse bits/,
    );
  });
});

describe("secure boot at boot", () => {
  const bootloader = buildImage("ESP32", { sizeByte: 0x10 });

  it("v1: the digest at 0x0 depends on the key, IV and every bootloader byte", () => {
    const image = new Uint8Array(256).fill(0x5a);
    const d = secureBootV1Digest(KEY, IV, image);
    expect(d).toHaveLength(64);
    const otherKey = KEY.slice();
    otherKey[31]! ^= 1;
    const otherImage = image.slice();
    otherImage[200]! ^= 1;
    for (const other of [
      secureBootV1Digest(otherKey, IV, image),
      secureBootV1Digest(KEY, IV, otherImage),
      secureBootV1Digest(KEY, IV.slice(0, 32), image),
    ]) {
      expect(other).not.toEqual(d);
    }
  });

  it("v1: a digested bootloader boots; header-patched or digested with another key, the ROM refuses it", () => {
    const file = secureBootV1File(bootloader, KEY, IV, true);
    const good = new VirtualEsp({
      chip: "ESP32",
      security: { secureBoot: "v1", secureBootKey: KEY },
      flashContents: file,
    });
    expect(good.lastBoot?.ok, good.bootLog).toBe(true);
    expect(good.state).toBe("running");

    const patched = file.slice();
    patched.set(patchedHeader(bootloader, 0x20), 0x1000);
    const refused = new VirtualEsp({
      chip: "ESP32",
      security: { secureBoot: "v1", secureBootKey: KEY },
      flashContents: patched,
    });
    expect(refused.lastBoot?.ok).toBe(false);
    expect(refused.state).toBe("halted");
    expect(refused.bootLog).toMatch(/secure boot check fail/);
    // Without secure boot the ROM never looks at the digest: the patched bootloader runs.
    expect(new VirtualEsp({ chip: "ESP32", flashContents: patched }).lastBoot?.ok).toBe(true);

    const otherKey = KEY.map((b) => b ^ 0xff);
    const wrongKey = new VirtualEsp({
      chip: "ESP32",
      security: { secureBoot: "v1", secureBootKey: otherKey },
      flashContents: file,
    });
    expect(wrongKey.bootLog).toMatch(/secure boot check fail/);
  });

  it("v2: a signed-style bootloader boots; unsigned or edited after signing, the ROM refuses it", () => {
    const security = { secureBoot: "v2" } as const;
    const signed = secureBootV2SignedStyle(buildImage("ESP32-C3", { sizeByte: 0x20 }));
    const ok = new VirtualEsp({ chip: "ESP32-C3", security, flashContents: signed });
    expect(ok.lastBoot?.ok, ok.bootLog).toBe(true);

    const unsigned = new VirtualEsp({
      chip: "ESP32-C3",
      security,
      flashContents: buildImage("ESP32-C3", { sizeByte: 0x20 }),
    });
    expect(unsigned.bootLog).toMatch(/no valid signature block/);

    const edited = signed.slice();
    edited.set(patchedHeader(buildImage("ESP32-C3", { sizeByte: 0x20 }), 0x10));
    const refused = new VirtualEsp({ chip: "ESP32-C3", security, flashContents: edited });
    expect(refused.lastBoot?.ok).toBe(false);
    expect(refused.bootLog).toMatch(/image digest does not match/);

    const esp32 = new VirtualEsp({
      chip: "ESP32",
      revision: 300,
      security,
      flashContents: at(0x1000, secureBootV2SignedStyle(bootloader)),
    });
    expect(esp32.lastBoot?.ok, esp32.bootLog).toBe(true);
  });
});
