import { describe, expect, it } from "vitest";
import { parseCommand, UsageError } from "./cli-args.js";

describe("virtual-esp command line", () => {
  it("parses serve with the options esptool.py users need", () => {
    expect(
      parseCommand([
        "serve",
        "--chip",
        "ESP8266",
        "--flash-size",
        "4MB",
        "--port",
        "5555",
        "--flash-file",
        "f.bin",
      ]),
    ).toEqual({
      kind: "serve",
      options: { chip: "ESP8266", flashSize: "4MB", port: 5555, flashFile: "f.bin" },
    });
    expect(
      parseCommand(["serve", "--chip", "ESP32-C3", "--usb", "usb-jtag-serial", "--realtime"]),
    ).toEqual({
      kind: "serve",
      options: { chip: "ESP32-C3", port: 5555, usb: "usb-jtag-serial", timing: "realtime" },
    });
  });

  it("parses firmware", () => {
    expect(
      parseCommand(["firmware", "app", "--out", "a.bin", "--chip", "ESP32-S3", "--size", "65536"]),
    ).toEqual({
      kind: "firmware",
      firmware: "app",
      out: "a.bin",
      chip: "ESP32-S3",
      size: 65536,
    });
  });

  it("explains mistakes with a UsageError", () => {
    for (const argv of [
      [],
      ["serve"],
      ["serve", "--chip", "ESP9"],
      ["serve", "--chip", "ESP32", "--port", "x"],
      ["firmware", "zip", "--out", "a"],
      ["flash"],
    ]) {
      expect(() => parseCommand(argv)).toThrow(UsageError);
    }
  });

  it("answers --help and --version", () => {
    expect(parseCommand(["--help"])).toEqual({ kind: "help" });
    expect(parseCommand(["help"])).toEqual({ kind: "help" });
    expect(parseCommand(["--version"])).toEqual({ kind: "version" });
  });
});
