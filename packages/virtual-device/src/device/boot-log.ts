import type { ChipModel } from "../chips.js";
import type { SparseFlash } from "../flash/sparse-flash.js";
import { checkImage } from "./image-check.js";
import type { BootVerdict, VirtualSecurity } from "./types.js";

/** What reset the chip, as the ROM's `rst:` line names it. */
export type ResetCause = "power-on" | "rtc-watchdog" | "software-cpu";

/** ROM banner lines as each generation prints them on reset. */
export function romBootLines(
  model: ChipModel,
  mode: "download" | "flash",
  cause: ResetCause = "power-on",
): string[] {
  const wdt = cause === "rtc-watchdog";
  if (model.family === "ESP8266") {
    return [
      "",
      ` ets Jan  8 2013,rst cause:${wdt ? 4 : 2}, boot mode:(${mode === "download" ? "1,7" : "3,6"})`,
      "",
    ];
  }
  if (model.family === "ESP32") {
    const rst = wdt
      ? "rst:0x10 (RTCWDT_RTC_RESET)"
      : cause === "software-cpu"
        ? "rst:0xc (SW_CPU_RESET)"
        : "rst:0x1 (POWERON_RESET)";
    return [
      "ets Jun  8 2016 00:22:57",
      "",
      mode === "download"
        ? `${rst},boot:0x3 (DOWNLOAD_BOOT(UART0/UART1/SDIO_REI_REO_V2))`
        : `${rst},boot:0x13 (SPI_FAST_FLASH_BOOT)`,
      ...(mode === "download" ? ["waiting for download"] : []),
    ];
  }
  const name = model.family.toLowerCase().replace("-", "");
  const rst = wdt
    ? "rst:0x10 (RTCWDT_RTC_RST)"
    : cause === "software-cpu"
      ? "rst:0xc (RTC_SW_CPU_RST)"
      : "rst:0x1 (POWERON)";
  return [
    `ESP-ROM:${name}`,
    mode === "download"
      ? `${rst},boot:0x5 (DOWNLOAD(USB/UART0))`
      : `${rst},boot:0x8 (SPI_FAST_FLASH_BOOT)`,
    ...(mode === "download" ? ["waiting for download"] : []),
  ];
}

/** The outcome of a flash boot: log lines, the verdict, and whether firmware runs. */
export function flashBoot(
  model: ChipModel,
  flash: SparseFlash,
  chipFlashSize: string,
  security: VirtualSecurity = {},
  cause: ResetCause = "power-on",
): { lines: string[]; verdict: BootVerdict; runs: boolean } {
  const check = checkImage(model, flash, chipFlashSize, security);
  const lines = [...romBootLines(model, "flash", cause), ...check.log];
  lines.push(
    check.problems.length === 0
      ? "[virtual-esp] boot verdict: OK"
      : `[virtual-esp] boot verdict: ${check.boots ? "RUNS WITH PROBLEMS" : "REFUSED"} — ${check.problems.join("; ")}`,
  );
  const verdict: BootVerdict = {
    ok: check.problems.length === 0,
    problems: check.problems,
    ...(check.headerFlashSize !== undefined ? { headerFlashSize: check.headerFlashSize } : {}),
    chipFlashSize,
  };
  return { lines, verdict, runs: check.boots };
}
