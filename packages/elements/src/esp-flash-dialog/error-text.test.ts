import { expect } from "@open-wc/testing";
import type { FlashStateReport } from "../core-types.js";
import { setLocale } from "../localization.js";
import { ERROR_TEXT, errorText, remedy } from "./error-text.js";

/** Every code core throws today (session/errors.ts and the parts' errors it passes on). */
const CORE_CODES = [
  // session/errors.ts FlashErrorCode
  "port-busy",
  "port-open-failed",
  "connect-failed",
  "chip-unknown",
  "stub-failed",
  "no-builds",
  "no-build-for-chip",
  "build-choice-needed",
  "build-choice-invalid",
  "image-too-large",
  "parts-overlap",
  "parts-share-sector",
  "flash-wraps",
  "secure-download-mode",
  "erase-needs-stub",
  "flash-setting-unsupported",
  "device-lost",
  "device-not-responding",
  "serial-noise",
  "flash-write-failed",
  "verify-failed",
  "aborted",
  "failed",
  // guards/ (secure boot, flash encryption, the image's chip and revision)
  "secured-bootloader-write",
  "secured-erase",
  "image-wrong-chip",
  "image-chip-revision",
  // download, image, manifest, chips, flash-size
  "download-url-refused",
  "download-failed",
  "download-http-status",
  "download-html",
  "download-empty",
  "download-too-large",
  "download-length-mismatch",
  "download-sha256-mismatch",
  "download-aborted",
  "download-stalled",
  "download-too-slow",
  "download-redirect-refused",
  "image-too-short",
  "image-bad-magic",
  "image-truncated",
  "image-bad-hash-flag",
  "image-too-many-segments",
  "manifest-invalid",
  "manifest-not-json",
  "manifest-url-refused",
  "unknown-chip",
  "chip-unsupported",
  "flash-id-timeout",
  "flash-size-invalid",
  // a backup before writing
  "backup-size-unknown",
  "backup-failed",
  "read-needs-stub",
  "read-out-of-range",
  "encrypted-plaintext-write",
  "flash-size-too-large",
];
const params = { status: 404, file: "fw.bin", chip: "ESP8266", flashSize: "1MB" };
const core = { message: "core's message", advice: "core's advice" };

describe("error text by code", () => {
  after(() => setLocale("en"));

  it("has a message and advice for every core code, translated in de and zh-Hans", async () => {
    const texts: Record<string, string[]> = {};
    for (const locale of ["en", "de", "zh-Hans"]) {
      await setLocale(locale);
      texts[locale] = CORE_CODES.map((code) => {
        expect(Object.hasOwn(ERROR_TEXT, code), code).to.equal(true);
        const t = errorText({ code, params, ...core });
        expect(t.message, code).to.not.equal(core.message);
        expect(t.advice, code).to.be.a("string").and.not.equal("");
        return `${t.message} ${t.advice}`;
      });
    }
    CORE_CODES.forEach((code, i) => {
      expect(texts.de![i], `${code} in de`).to.not.equal(texts.en![i]);
      expect(texts["zh-Hans"]![i], `${code} in zh-Hans`).to.not.equal(texts.en![i]);
    });
  });

  it("names the facts it has, in the locale's units", async () => {
    await setLocale("de");
    expect(errorText({ code: "download-http-status", params, ...core }).message).to.equal(
      "Der Server antwortete 404 für fw.bin.",
    );
    expect(errorText({ code: "image-too-large", params, ...core }).message).to.contain("(1 MB)");
  });

  it("keeps core's own text for a code it does not know yet", async () => {
    await setLocale("zh-Hans");
    expect(errorText({ code: "some-future-code", ...core })).to.deep.equal(core);
    expect(remedy("some-future-code")).to.equal("retry");
  });

  it("offers Retry only where a retry can succeed", () => {
    expect(
      [
        "device-lost",
        "serial-noise",
        "download-http-status",
        "port-busy",
        "verify-failed",
        "backup-failed",
      ].map((code) => remedy(code)),
    ).to.deep.equal(["retry", "retry", "retry", "retry", "retry", "retry"]);
    expect(remedy("backup-size-unknown")).to.equal("close");
    const final = [
      "image-too-large",
      "parts-overlap",
      "manifest-invalid",
      "download-sha256-mismatch",
      "parts-share-sector",
      "flash-wraps",
      "secure-download-mode",
      "secured-bootloader-write",
      "secured-erase",
      "encrypted-plaintext-write",
      "flash-size-too-large",
      "image-wrong-chip",
      "download-redirect-refused",
    ];
    expect(final.map((code) => [code, remedy(code)])).to.deep.equal(
      final.map((code) => [code, "close"]),
    );
    expect(remedy("no-build-for-chip")).to.equal("pick-port");
    expect(remedy("image-chip-revision")).to.equal("pick-port");
  });

  it("after a stop, says what to do by what the flash holds", async () => {
    await setLocale("en");
    const changed: FlashStateReport = { condition: "changed", erasedAll: false, written: [] };
    const verified: FlashStateReport = { condition: "verified", erasedAll: false, written: [] };
    const advice = (flash?: FlashStateReport) =>
      errorText({ code: "aborted", ...core, ...(flash ? { flash } : {}) }).advice;
    expect(advice()).to.equal("Start again when ready; nothing was written.");
    expect(advice(changed)).to.equal("Install again before using the board.");
    expect(advice(verified)).to.match(/installed: press RESET/);
    expect([
      remedy("aborted"),
      remedy("aborted", changed),
      remedy("aborted", verified),
    ]).to.deep.equal(["retry", "retry", "close"]);
    await setLocale("de");
    expect(advice(changed)).to.not.equal("Install again before using the board.");
  });
});
