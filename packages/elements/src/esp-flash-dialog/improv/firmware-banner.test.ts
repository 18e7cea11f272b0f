import { expect } from "@open-wc/testing";
import { firmwareWithoutImprov } from "./firmware-banner.js";

describe("firmwareWithoutImprov", () => {
  it("names MicroPython and CircuitPython from their boot banners", () => {
    expect(
      firmwareWithoutImprov("MicroPython v1.24.1 on 2024-11-29; ESP module with ESP8266\r"),
    ).to.equal("MicroPython");
    expect(
      firmwareWithoutImprov("Adafruit CircuitPython 9.2.1 on 2024-11-20; ESP32-S2 with ESP32S2"),
    ).to.equal("CircuitPython");
  });

  it("finds the banner behind the garbled end of an ESP8266 boot log", () => {
    expect(
      firmwareWithoutImprov(
        "\u0012�h\u001dDMicroPython v1.23.0 on 2024-06-02; ESP module with ESP8266",
      ),
    ).to.equal("MicroPython");
  });

  it("names nothing from a line that only mentions them, or from ROM and ESPHome output", () => {
    for (const line of [
      ">>> print('MicroPython v1.24')",
      "ets Jan  8 2013,rst cause:2, boot mode:(3,6)",
      "[I][app:029]: Running through setup()...",
      "",
    ])
      expect(firmwareWithoutImprov(line), line).to.equal(undefined);
  });
});
