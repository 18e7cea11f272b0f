import type { ChipModel } from "../chips.js";

/** ROM banner lines as each generation prints them on reset. */
export function romBootLines(model: ChipModel, mode: "download" | "flash"): string[] {
  if (model.family === "ESP8266") {
    return ["", ` ets Jan  8 2013,rst cause:2, boot mode:(${mode === "download" ? "1,7" : "3,6"})`, ""];
  }
  if (model.family === "ESP32") {
    return [
      "ets Jun  8 2016 00:22:57",
      "",
      mode === "download"
        ? "rst:0x1 (POWERON_RESET),boot:0x3 (DOWNLOAD_BOOT(UART0/UART1/SDIO_REI_REO_V2))"
        : "rst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)",
      ...(mode === "download" ? ["waiting for download"] : []),
    ];
  }
  const name = model.family.toLowerCase().replace("-", "");
  return [
    `ESP-ROM:${name}`,
    mode === "download" ? "rst:0x1 (POWERON),boot:0x5 (DOWNLOAD(USB/UART0))" : "rst:0x1 (POWERON),boot:0x8 (SPI_FAST_FLASH_BOOT)",
    ...(mode === "download" ? ["waiting for download"] : []),
  ];
}
