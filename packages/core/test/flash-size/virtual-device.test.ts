// End to end: real esptool-js 0.7.0 on @esp-flash/virtual-device, RDID through our register sequence.
import { ESPLoader, Transport } from "esptool-js";
import {
  CHIP_FAMILIES as VD_FAMILIES,
  VirtualEsp,
  VirtualSerialPort,
} from "@esp-flash/virtual-device";
import { describe, expect, it } from "vitest";
import { CHIP_FAMILIES, detectFlashSize, readFlashId } from "../../src/index.js";

function loaderFor(device: VirtualEsp, baudrate: number): ESPLoader {
  const port = new VirtualSerialPort(device);
  const transport = new Transport(
    port as unknown as ConstructorParameters<typeof Transport>[0],
    false,
  );
  const terminal = { clean: () => {}, write: () => {}, writeLine: () => {} };
  return new ESPLoader({ transport, baudrate, terminal, romBaudrate: 115200 });
}

describe("detectFlashSize on the virtual device", () => {
  it("covers the same families", () =>
    expect([...VD_FAMILIES].sort()).toEqual([...CHIP_FAMILIES].sort()));

  describe.each(CHIP_FAMILIES)("%s", (chip) => {
    it("reads the flash ID and size through the stub", async () => {
      const device = new VirtualEsp({ chip, flashSize: "2MB", seed: 7 });
      const loader = loaderFor(device, 921600);
      await loader.main("default_reset");
      expect(await detectFlashSize(loader)).toEqual({
        id: device.flashId,
        size: "2MB",
        bytes: 2 * 1024 * 1024,
      });
    });

    it("reads it ROM-only too, and reports an unknown ID as unknown", async () => {
      const device = new VirtualEsp({ chip, flashId: 0x2a40ef, seed: 8 });
      const loader = loaderFor(device, 115200);
      await loader.detectChip("default_reset");
      expect(loader.IS_STUB).toBe(false);
      // A ROM reaches the flash only once attached, as esptool's attach_flash does it.
      if (chip === "ESP8266") await loader.flashBegin(0, 0);
      else await loader.flashSpiAttach(0);
      expect(await readFlashId(loader)).toBe(0x2a40ef);
      expect(await detectFlashSize(loader)).toEqual({
        id: 0x2a40ef,
        size: undefined,
        bytes: undefined,
      });
    });
  });
});
