import { expect } from "@open-wc/testing";
import { backupFileName } from "./backup-file.js";

describe("backup file name", () => {
  it("names chip, MAC and the local date", () => {
    const name = backupFileName(
      { family: "ESP32-S3", mac: "24:0A:C4:00:11:22" },
      new Date(2026, 10, 30, 23, 59),
    );
    expect(name).to.equal("esp32-s3_24-0a-c4-00-11-22_2026-11-30.bin");
  });

  it("names the range of a file that is not the whole flash", () => {
    const name = backupFileName(
      { family: "ESP32", mac: "24:0A:C4:00:11:22" },
      new Date(2026, 10, 30),
      {
        offset: 0,
        length: 0x200000,
      },
    );
    expect(name).to.equal("esp32_24-0a-c4-00-11-22_2026-11-30_0x0-0x200000.bin");
  });

  it("keeps only safe characters", () => {
    expect(backupFileName({ family: "ESP8266", mac: "../x" }, new Date(2026, 0, 2))).to.equal(
      "esp8266_x_2026-01-02.bin",
    );
    expect(backupFileName({ family: "ESP32", mac: "" }, new Date(2026, 0, 2))).to.equal(
      "esp32_unknown_2026-01-02.bin",
    );
  });
});
