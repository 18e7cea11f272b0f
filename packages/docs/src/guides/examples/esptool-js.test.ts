import { ESPLoader, Transport } from "esptool-js";
import { expect, it } from "vitest";
import { makeSampleFirmware, VirtualEsp, VirtualSerialPort } from "@esp-flash/virtual-device";

const quiet = { clean() {}, write() {}, writeLine() {} };

it("plain esptool-js leaves MicroPython's 1MB header on a 4MB ESP8266", async () => {
  // timing "instant" (the default): the virtual clock advances, the test never waits.
  const device = new VirtualEsp({ chip: "ESP8266", flashSize: "4MB" });
  const port = new VirtualSerialPort(device);
  const transport = new Transport(
    port as unknown as ConstructorParameters<typeof Transport>[0],
    false,
  );
  const loader = new ESPLoader({ transport, baudrate: 921600, terminal: quiet });
  await loader.main(); // resets into the bootloader, syncs, uploads the stub

  const firmware = makeSampleFirmware("micropython-esp8266"); // header E9 03 00 20: 1MB
  await loader.writeFlash({
    fileArray: firmware.parts.map((part) => ({ data: part.data, address: part.offset })),
    flashMode: "keep",
    flashFreq: "keep",
    flashSize: "keep",
    eraseAll: false,
    compress: true,
  });
  // Reset into the firmware: EN low, then high with GPIO0 high (DTR/RTS as on a real board).
  await port.setSignals({ dataTerminalReady: false, requestToSend: true });
  await port.setSignals({ requestToSend: false });
  await transport.disconnect();

  expect([...device.flash.read(0, 4)]).toEqual([0xe9, 0x03, 0x00, 0x20]);
  expect(device.lastBoot).toMatchObject({
    ok: false,
    headerFlashSize: "1MB",
    chipFlashSize: "4MB",
  });
  expect(device.bootLog).toMatch(/rst cause/);
});
