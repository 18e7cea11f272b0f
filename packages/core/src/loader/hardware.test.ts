import { describe, expect, it } from "vitest";
import { CHIPS } from "../chips/index.js";
import { decodeFlashVoltage, nameCrystal } from "./hardware.js";

describe("chip hardware facts", () => {
  it("names a crystal estimate as esptool does", () => {
    expect(nameCrystal(25.98)).toBe(26);
    expect(nameCrystal(39.2)).toBe(40);
    expect(nameCrystal(47.9)).toBe(48);
  });

  it("decodes the flash supply: RTC override, then eFuses (as espefuse burns them), then the strap", () => {
    const esp32 = CHIPS.ESP32.flashVoltage!;
    const { rtcSdioConf: rtc, efuse } = esp32;
    expect(decodeFlashVoltage(esp32, { rtc: rtc!.force | rtc!.drefh, efuse: 0, strap: 0 })).toEqual(
      { volts: "1.9V", setBy: "rtc-register" },
    );
    // FORCE + XPD without TIEH is espefuse's 1.8V (esptool v5.0.0's masks read it as 3.3V).
    expect(decodeFlashVoltage(esp32, { efuse: efuse.force | efuse.xpd, strap: 0 })).toEqual({
      volts: "1.8V",
      setBy: "efuse",
    });
    expect(
      decodeFlashVoltage(esp32, { efuse: efuse.force | efuse.xpd | efuse.tieh, strap: 0 }),
    ).toEqual({ volts: "3.3V", setBy: "efuse" });
    expect(decodeFlashVoltage(esp32, { efuse: efuse.force, strap: 0 })).toEqual({
      volts: "off",
      setBy: "efuse",
    });
    // XPD alone is not forced: the strapping pin still decides.
    expect(decodeFlashVoltage(esp32, { efuse: efuse.xpd, strap: esp32.strap.mask })).toEqual({
      volts: "1.8V",
      setBy: "strapping-pin",
    });
  });
});
