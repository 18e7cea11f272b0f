import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DownloadError, downloadPart, looksLikeHtml } from "../../src/index.js";
import { fakeFetch } from "../helpers/fake-fetch.js";
import { FUZZ_RUNS, FUZZ_TIMEOUT_MS } from "./runs.js";

const CODES = [
  "download-failed",
  "download-http-status",
  "download-html",
  "download-empty",
  "download-length-mismatch",
  "download-sha256-mismatch",
];
const URL_A = "https://example.com/a.bin";
const enc = (s: string) => new TextEncoder().encode(s);

const bodyArb = fc.oneof(
  fc.uint8Array({ maxLength: 300 }),
  fc.constantFrom("", "  <!DOCTYPE html>", "<html>", "\n<HtMl", "<!doc", "x<html>").map(enc),
);

describe("fuzz: download checks", () => {
  it(
    "returns exactly an intact body or throws a documented DownloadError",
    async () => {
      let ok = 0;
      await fc.assert(
        fc.asyncProperty(
          bodyArb,
          fc.constantFrom(200, 204, 206, 301, 404, 500),
          fc.constantFrom(
            undefined,
            "application/octet-stream",
            "text/html",
            "TEXT/HTML; charset=utf-8",
            "text/plain",
          ),
          fc.constantFrom("exact", "absent", "short", "long", "garbage"),
          fc.constantFrom("none", "right", "wrong"),
          async (body, status, type, lengthKind, shaKind) => {
            const headers: Record<string, string> = {};
            if (type) headers["content-type"] = type;
            const lengths = {
              exact: body.length,
              short: body.length + 1,
              long: Math.max(0, body.length - 1),
              garbage: "12abc",
            };
            if (lengthKind !== "absent") headers["content-length"] = String(lengths[lengthKind]);
            const digest = bytesToHex(sha256(body));
            const part =
              shaKind === "none"
                ? { url: URL_A }
                : {
                    url: URL_A,
                    sha256:
                      shaKind === "right"
                        ? digest
                        : digest.replace(/^./, (c) => (c === "0" ? "1" : "0")),
                  };
            const nullBody = status === 204;
            const fetch = fakeFetch({ [URL_A]: { body: nullBody ? null : body, status, headers } });
            try {
              const bytes = await downloadPart(part, { fetch });
              ok++;
              expect(bytes).toEqual(body);
              expect(status >= 200 && status < 300).toBe(true);
              expect(bytes.length).toBeGreaterThan(0);
              expect(looksLikeHtml(bytes)).toBe(false);
              expect((type ?? "").toLowerCase()).not.toContain("text/html");
              if (lengthKind === "short" || lengthKind === "long")
                expect(lengths[lengthKind]).toBe(body.length);
              if (shaKind === "wrong") throw new Error("accepted a wrong sha256");
            } catch (error) {
              expect(error).toBeInstanceOf(DownloadError);
              expect(CODES).toContain((error as DownloadError).code);
              expect((error as DownloadError).url).toBe(URL_A);
            }
          },
        ),
        { numRuns: FUZZ_RUNS },
      );
      if (FUZZ_RUNS >= 500) expect(ok).toBeGreaterThan(FUZZ_RUNS / 50);
    },
    FUZZ_TIMEOUT_MS,
  );
});
