import { describe, expect, it } from "vitest";
import { toFlashError } from "../../src/session/errors.js";
import { decodeMd5Reply } from "../../src/loader/md5.js";

// The matrix found noise-garbled commands surfacing as "failed" or as a worn-flash error.
describe("refused commands", () => {
  it.each([
    ["Failed to write target memory failed with status 192,0", "detecting"],
    ["Failed to write to target RAM failed with status 1,5", "detecting"],
    ["Failed to write compressed data to flash after seq 0 failed with status 1,7", "writing"],
    ["Failed to write compressed data to flash after seq 2 failed with status 193,0", "writing"],
  ] as const)("%j is line noise, with cable advice", (message, step) => {
    const error = toFlashError(new Error(message), step, { address: 0x1000 });
    expect(error).toMatchObject({ code: "serial-noise", step });
    expect(error.message).toMatch(/refused a damaged command during .* near 0x1000 \(error 0x/);
    expect(error.advice).toMatch(/cable/);
  });

  it.each([
    "Failed to write target memory failed with status 172,0",
    "Failed to write target memory failed with status 1,0",
    "Failed to write compressed data to flash after seq 4 failed with status 216,7",
    "Failed to write target memory.\n Only got 1 bytes of data.",
  ])("a status no loader sends, or a cut-short reply, is a garbled reply: %j", (message) => {
    const error = toFlashError(new Error(message), "detecting");
    expect(error).toMatchObject({ code: "serial-noise" });
    expect(error.message).toMatch(/arrived garbled during chip detection/);
  });

  it("esptool-js's UnsupportedCommandError (the ROM's 0x05 to a garbled command) is line noise", () => {
    const thrown = Object.assign(new Error("unsupported command error"), {
      name: "UnsupportedCommandError",
    });
    const error = toFlashError(thrown, "detecting");
    expect(error).toMatchObject({ code: "serial-noise", step: "detecting" });
    expect(error.message).toMatch(/refused a command as invalid during chip detection/);
  });

  // ROMs answer [1, code]; the flasher stub answers [code, 0] (esptool reads it as 0xC400).
  it.each(["1,8", "196,0"])("a flash error (status %s) stays a flash error", (status) => {
    const error = toFlashError(
      new Error(
        `Failed to write compressed data to flash after seq 3 failed with status ${status}`,
      ),
      "writing",
    );
    expect(error.code).toBe("flash-write-failed");
  });
});

describe("a garbled MD5 reply", () => {
  it("is line noise during verification, not an unclassified failure", () => {
    let thrown: unknown;
    try {
      decodeMd5Reply(new TextEncoder().encode(`${"0".repeat(30)}\u0001\u0000`));
    } catch (error) {
      thrown = error;
    }
    expect(toFlashError(thrown, "verifying", { address: 0x2000 })).toMatchObject({
      code: "serial-noise",
      step: "verifying",
    });
  });
});
