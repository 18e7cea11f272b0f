import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { describe, expect, it } from "vitest";
import { DownloadError, downloadPart, looksLikeHtml } from "../index.js";
import { fakeFetch, slowStream } from "../../test/helpers/fake-fetch.js";
import { rejectionOf } from "../../test/helpers/rejection.js";

const URL_A = "https://example.com/fw/a.bin";
const firmware = Uint8Array.from({ length: 5000 }, (_, i) => (i * 7 + 0xe9) & 0xff);
const len = (n: number) => ({ "content-length": String(n) });

const failure = (promise: Promise<unknown>) => rejectionOf(promise, DownloadError);

describe("downloadPart", () => {
  it("returns the body, reports progress against Content-Length and checks sha256", async () => {
    const fetch = fakeFetch({ [URL_A]: { body: firmware, headers: len(firmware.length) } });
    const progress: [number, number | undefined][] = [];
    const bytes = await downloadPart(
      { url: URL_A, sha256: bytesToHex(sha256(firmware)).toUpperCase() },
      { fetch, onProgress: (r, t) => progress.push([r, t]) },
    );
    expect(bytes).toEqual(firmware);
    expect(progress.at(-1)).toEqual([firmware.length, firmware.length]);
    expect(fetch.requests).toEqual([URL_A]);
  });

  it("streams chunk by chunk (progress per chunk, no total without Content-Length)", async () => {
    const chunks = [
      firmware.subarray(0, 1000),
      firmware.subarray(1000, 3000),
      firmware.subarray(3000),
    ];
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        for (const chunk of chunks) c.enqueue(chunk);
        c.close();
      },
    });
    const progress: [number, number | undefined][] = [];
    const bytes = await downloadPart(
      { url: URL_A },
      { fetch: fakeFetch({ [URL_A]: { body } }), onProgress: (r, t) => progress.push([r, t]) },
    );
    expect(bytes).toEqual(firmware);
    expect(progress).toEqual([
      [1000, undefined],
      [3000, undefined],
      [5000, undefined],
    ]);
  });

  const cases: [
    string,
    Record<string, Parameters<typeof fakeFetch>[0][string]>,
    string,
    number | undefined,
  ][] = [
    ["HTTP 404", {}, "download-http-status", 404],
    ["HTTP 500", { [URL_A]: { body: "oops", status: 500 } }, "download-http-status", 500],
    ["network/CORS failure", { [URL_A]: { networkError: true } }, "download-failed", undefined],
    [
      "text/html content type",
      { [URL_A]: { body: firmware, headers: { "content-type": "text/html; charset=utf-8" } } },
      "download-html",
      200,
    ],
    [
      "an HTML body served as octet-stream",
      { [URL_A]: { body: "\n  <!DOCTYPE html><html>404</html>" } },
      "download-html",
      200,
    ],
    [
      "an <html> body",
      { [URL_A]: { body: "\uFEFF<HTML><body>login</body></HTML>" } },
      "download-html",
      200,
    ],
    ["an empty body", { [URL_A]: { body: new Uint8Array(0) } }, "download-empty", 200],
    ["no body", { [URL_A]: { body: null } }, "download-empty", 200],
    [
      "fewer bytes than Content-Length",
      { [URL_A]: { body: firmware, headers: len(firmware.length + 10) } },
      "download-length-mismatch",
      200,
    ],
    [
      "more bytes than Content-Length",
      { [URL_A]: { body: firmware, headers: len(10) } },
      "download-length-mismatch",
      200,
    ],
    [
      "an absurd Content-Length",
      { [URL_A]: { body: firmware, headers: len(2 ** 40) } },
      "download-too-large",
      200,
    ],
  ];
  for (const [what, routes, code, status] of cases) {
    it(`refuses ${what} (${code})`, async () => {
      const error = await failure(downloadPart({ url: URL_A }, { fetch: fakeFetch(routes) }));
      expect(error.code).toBe(code);
      expect(error.url).toBe(URL_A);
      expect(error.status).toBe(status);
      expect(error.advice).toBeTruthy();
    });
  }

  it("ignores Content-Length when the body was content-encoded on the way", async () => {
    const fetch = fakeFetch({
      [URL_A]: { body: firmware, headers: { ...len(100), "content-encoding": "gzip" } },
    });
    // Response does not decode here, but the length rule must not apply to encoded transfers.
    expect((await downloadPart({ url: URL_A }, { fetch })).length).toBe(firmware.length);
  });

  it("refuses a sha256 mismatch with both digests in the message", async () => {
    const fetch = fakeFetch({ [URL_A]: { body: firmware } });
    const error = await failure(downloadPart({ url: URL_A, sha256: "0".repeat(64) }, { fetch }));
    expect(error.code).toBe("download-sha256-mismatch");
    expect(error.message).toContain(bytesToHex(sha256(firmware)));
    expect(error.advice).toMatch(/Do not flash/);
  });

  it("refuses non-http URLs without fetching", async () => {
    const fetch = fakeFetch({});
    for (const url of ["javascript:alert(1)", "data:,x", "not a url"]) {
      expect((await failure(downloadPart({ url }, { fetch }))).code).toBe("download-url-refused");
    }
    expect(fetch.requests).toEqual([]);
    // file: never goes to the platform's fetch …
    expect((await failure(downloadPart({ url: "file:///etc/passwd" }))).code).toBe(
      "download-url-refused",
    );
  });

  it("hands file: URLs (parts of a manifest on disk) only to a caller's own fetch", async () => {
    const local = "file:///home/me/fw/firmware.bin";
    const fetch = fakeFetch({ [local]: { body: firmware } });
    expect(await downloadPart({ url: local }, { fetch })).toEqual(firmware);
    expect(fetch.requests).toEqual([local]);
  });

  it("aborts before the request and in the middle of the body", async () => {
    const before = new AbortController();
    before.abort();
    const fetch = fakeFetch({ [URL_A]: { body: firmware } });
    expect(
      (await failure(downloadPart({ url: URL_A }, { fetch, signal: before.signal }))).code,
    ).toBe("download-aborted");
    expect(fetch.requests).toEqual([]);

    const during = new AbortController();
    const slow = fakeFetch({
      [URL_A]: { body: slowStream([firmware.subarray(0, 100)], during.signal) },
    });
    const pending = downloadPart(
      { url: URL_A },
      { fetch: slow, signal: during.signal, onProgress: () => during.abort() },
    );
    expect((await failure(pending)).code).toBe("download-aborted");
  });

  it("reports a connection that breaks mid-body", async () => {
    const fetch = fakeFetch({
      [URL_A]: { body: slowStream([firmware.subarray(0, 100)], undefined, true) },
    });
    expect((await failure(downloadPart({ url: URL_A }, { fetch }))).code).toBe("download-failed");
  });

  it("looksLikeHtml sniffs only the start after whitespace", () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    expect(looksLikeHtml(enc(" \t\r\n<!doctype html>"))).toBe(true);
    expect(looksLikeHtml(enc("<html lang=en>"))).toBe(true);
    expect(looksLikeHtml(enc("x<html>"))).toBe(false);
    expect(looksLikeHtml(enc("<!doc"))).toBe(false);
    expect(looksLikeHtml(firmware)).toBe(false);
  });
});
