import type { ESPLoader } from "esptool-js";
import { describe, expect, it } from "vitest";
import { MAGIC_REG } from "../../src/protocol/registers.js";
import { VirtualEsp } from "../../src/device/virtual-esp.js";
import type { FaultSpec } from "../../src/device/types.js";
import { esptool, firmwareLike } from "./helpers.js";

const write = (data: Uint8Array, address: number, compress = true) => ({
  fileArray: [{ data, address }],
  flashSize: "keep" as const,
  flashMode: "keep" as const,
  flashFreq: "keep" as const,
  eraseAll: false,
  compress,
});

/** writeFlash's uncompressed path, block by block, with a short per-block timeout. */
async function writeBlocks(loader: ESPLoader, data: Uint8Array, address: number): Promise<void> {
  const blocks = await loader.flashBegin(data.length, address);
  for (let seq = 0; seq < blocks; seq++) {
    const block = data.subarray(seq * loader.FLASH_WRITE_SIZE, (seq + 1) * loader.FLASH_WRITE_SIZE);
    await loader.flashBlock(block.slice(), seq, 200);
  }
}

async function connected(fault?: FaultSpec) {
  const device = new VirtualEsp({ chip: "ESP32-C3", seed: 11 });
  const session = esptool(device);
  await session.loader.main("default_reset");
  if (fault) device.inject(fault);
  return { device, ...session };
}

describe("faults surface as the errors esptool-js raises for them", () => {
  it("corrupt: garbled bytes break the reply", async () => {
    const { loader, device } = await connected({ kind: "corrupt", rate: 1 });
    await expect(loader.readReg(MAGIC_REG, 200)).rejects.toThrow(
      /Invalid head of packet|stream stopped|invalid response/,
    );
    device.clearFaults();
    expect(await loader.readReg(MAGIC_REG, 500)).toBe(0x1b31506f);
  });

  it("drop: lost bytes mean no reply", async () => {
    const { loader } = await connected({ kind: "drop", rate: 1 });
    await expect(loader.readReg(MAGIC_REG, 200)).rejects.toThrow(/stream stopped/);
  });

  it("disconnect at an address: the write fails and the device is gone until reconnect()", async () => {
    const { loader, device } = await connected({ kind: "disconnect", atAddress: 0x28000 });
    await expect(writeBlocks(loader, firmwareLike(64 * 1024, 5), 0x20000)).rejects.toThrow(
      /stream stopped/,
    );
    expect(device.state).toBe("disconnected");
    expect(device.flash.read(0x20000, 4)).toEqual(firmwareLike(4, 5));
    device.reconnect();
    expect(device.state).toBe("halted"); // powers up, finds no valid image
  });

  it("reset mid-write: the chip reboots and stops answering", async () => {
    const { loader, device } = await connected({ kind: "reset", atAddress: 0x24000 });
    await expect(writeBlocks(loader, firmwareLike(64 * 1024, 6), 0x20000)).rejects.toThrow(
      /stream stopped|Invalid head/,
    );
    expect(device.bootLog).toContain("SPI_FAST_FLASH_BOOT");
    expect(device.state).toBe("halted");
  });

  it("disconnect after a byte count fires on the wire", async () => {
    const { loader, device } = await connected({ kind: "disconnect", afterBytes: 0 });
    await expect(loader.readReg(MAGIC_REG, 200)).rejects.toThrow();
    expect(device.state).toBe("disconnected");
  });

  it("stall: the reply is withheld long enough for the client to time out", async () => {
    const { loader } = await connected({ kind: "stall", forMs: 400 });
    await expect(loader.readReg(MAGIC_REG, 150)).rejects.toThrow(/stream stopped/);
  });

  it("refuse-baud: esptool-js notices the silence, resets and carries on at 115200", async () => {
    const device = new VirtualEsp({ chip: "ESP32", faults: [{ kind: "refuse-baud" }] });
    const { loader, log } = esptool(device);
    await loader.main("default_reset");
    expect(log.join("\n")).toContain("stopped responding after changing baud rate");
    expect(device.deviceBaud).toBe(115200);
    expect(device.state).toBe("stub");
  });

  it("flash-write-error: the block is retried, then the write fails with the stub's status (0xC4 first, as the stub sends it)", async () => {
    const { loader } = await connected({ kind: "flash-write-error", atAddress: 0x30010 });
    await expect(
      loader.writeFlash(write(firmwareLike(32 * 1024, 7), 0x2c000, false)),
    ).rejects.toThrow(/failed with status 196,0/);
  });

  it("stub-fail: the stub never says OHAI", async () => {
    const device = new VirtualEsp({ chip: "ESP32-S2", faults: [{ kind: "stub-fail" }] });
    const { loader } = esptool(device);
    loader.DEFAULT_TIMEOUT = 300;
    await expect(loader.main("default_reset")).rejects.toThrow(
      /stream stopped|Failed to start stub/,
    );
  });
});
