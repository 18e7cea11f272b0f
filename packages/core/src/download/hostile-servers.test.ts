import { describe, expect, it } from "vitest";
import { DownloadError, downloadPart, loadManifest, looksLikeHtml } from "../index.js";
import { fakeFetch, slowStream } from "../../test/helpers/fake-fetch.js";
import { rejectionOf } from "../../test/helpers/rejection.js";

const URL_A = "https://example.com/fw/a.bin";
const firmware = Uint8Array.from({ length: 5000 }, (_, i) => (i * 7 + 0xe9) & 0xff);
const enc = (s: string) => new TextEncoder().encode(s);
const utf16 = (s: string, littleEndian: boolean) => {
  const out = new Uint8Array(2 + s.length * 2);
  const view = new DataView(out.buffer);
  view.setUint16(0, 0xfeff, littleEndian);
  for (let i = 0; i < s.length; i++) view.setUint16(2 + i * 2, s.charCodeAt(i), littleEndian);
  return out;
};

const failure = (promise: Promise<unknown>) => rejectionOf(promise, DownloadError);

/** A fetch whose responses arrive from `finalUrl`, as after redirects (Response.url is the final URL). */
function redirectingFetch(finalUrl: string, body: Uint8Array | string): typeof fetch {
  return (async () => {
    const response = new Response(typeof body === "string" ? body : body.slice(), { status: 200 });
    Object.defineProperty(response, "url", { value: finalUrl });
    return response;
  }) as typeof fetch;
}

describe("redirects are judged before the request is sent", () => {
  const local = "http://127.0.0.1:8123/admin/export";
  it.each([
    ["a service on this computer", local],
    ["the cloud metadata address", "http://169.254.169.254/latest/meta-data/iam"],
    ["plain http: elsewhere", "http://evil.test/a.bin"],
    ["a private-network https: host", "https://192.168.0.1/backup.bin"],
  ])("a part redirected to %s: refused, and that host never asked", async (_, target) => {
    const fetch = fakeFetch({
      [URL_A]: { location: "https://cdn.example.net/a.bin" },
      "https://cdn.example.net/a.bin": { location: target },
      [target]: { body: firmware },
    });
    const error = await failure(downloadPart({ url: URL_A }, { fetch }));
    expect(error.code).toBe("download-redirect-refused");
    expect(fetch.requests).toEqual([URL_A, "https://cdn.example.net/a.bin"]);
  });

  it("follows allowed redirects hop by hop to the firmware", async () => {
    const fetch = fakeFetch({
      [URL_A]: { location: "/fw/b.bin" },
      "https://example.com/fw/b.bin": { location: "https://objects.example.net/c.bin" },
      "https://objects.example.net/c.bin": { body: firmware },
    });
    expect(await downloadPart({ url: URL_A }, { fetch })).toEqual(firmware);
  });

  it("a manifest redirected to a local service is refused before it is asked", async () => {
    const fetch = fakeFetch({
      "https://example.com/m.json": { location: local },
      [local]: { body: "{}" },
    });
    await expect(loadManifest("https://example.com/m.json", { fetch })).rejects.toMatchObject({
      code: "download-redirect-refused",
    });
    expect(fetch.requests).toEqual(["https://example.com/m.json"]);
  });
});

describe("a plain-text error page served with status 200", () => {
  it.each(["404 page not found\n", "Not Found", "Forbidden", "Internal Server Error\r\n"])(
    "%j is refused as not firmware",
    async (body) => {
      const fetch = fakeFetch({ [URL_A]: { body, headers: { "content-type": "text/plain" } } });
      const error = await failure(downloadPart({ url: URL_A }, { fetch }));
      expect(error.code).toBe("download-html");
      expect(error.message).toMatch(/short text message/);
    },
  );
  it("a short binary part is still downloaded", async () => {
    const fetch = fakeFetch({ [URL_A]: { body: firmware.slice(0, 64) } });
    expect(await downloadPart({ url: URL_A }, { fetch })).toHaveLength(64);
  });
});

describe("a server that drips bytes", () => {
  /** One byte every `everyMs`, never pausing long enough to count as a stall. */
  const drip = (everyMs: number) => {
    let timer: ReturnType<typeof setInterval> | undefined;
    return new ReadableStream<Uint8Array>({
      start(controller) {
        timer = setInterval(() => controller.enqueue(new Uint8Array([0xe9])), everyMs);
      },
      cancel() {
        clearInterval(timer);
      },
    });
  };

  it("ends with download-too-slow once the deadline for the announced size has passed", async () => {
    const fetch = fakeFetch({
      [URL_A]: { body: drip(20), headers: { "content-length": "2000" } },
    });
    const started = Date.now();
    const error = await failure(
      downloadPart({ url: URL_A }, { fetch, deadline: { baseMs: 300, minBytesPerSecond: 10_000 } }),
    );
    expect(error.code).toBe("download-too-slow");
    expect(error.message).toMatch(/too slowly: \d+ of 2000 bytes/);
    // Ended near its 0.5 s deadline, not after the 40 s the drip would take.
    expect(Date.now() - started).toBeLessThan(15_000);
  }, 30_000);
});

describe("downloads from hostile or broken servers", () => {
  it("refuses a part redirected to plain http: on another host", async () => {
    const error = await failure(
      downloadPart({ url: URL_A }, { fetch: redirectingFetch("http://evil.test/a.bin", firmware) }),
    );
    expect(error.code).toBe("download-redirect-refused");
    expect(error.message).toMatch(/redirected to plain http: on evil\.test/);
  });

  it("refuses an http://localhost part redirected off the machine, allows https: and the same origin", async () => {
    const local = "http://localhost:8080/fw.bin";
    expect(
      (
        await failure(
          downloadPart(
            { url: local },
            { fetch: redirectingFetch("http://cdn.test/fw.bin", firmware) },
          ),
        )
      ).code,
    ).toBe("download-redirect-refused");
    await expect(
      downloadPart(
        { url: local },
        { fetch: redirectingFetch("https://cdn.test/fw.bin", firmware) },
      ),
    ).resolves.toEqual(firmware);
    await expect(
      downloadPart(
        { url: URL_A },
        { fetch: redirectingFetch("https://example.com/other/a.bin", firmware) },
      ),
    ).resolves.toEqual(firmware);
  });

  it("refuses a manifest redirected to plain http:", async () => {
    const manifest = JSON.stringify({
      name: "x",
      builds: [{ chipFamily: "ESP32", parts: [{ path: "a.bin", offset: 0 }] }],
    });
    const error = await failure(
      loadManifest("https://example.com/m.json", {
        fetch: redirectingFetch("http://evil.test/m.json", manifest),
      }),
    );
    expect(error.code).toBe("download-redirect-refused");
  });

  it("ends a body that stalls after its headers with a typed error", async () => {
    const fetch = fakeFetch({ [URL_A]: { body: slowStream([firmware.subarray(0, 100)]) } });
    const error = await failure(downloadPart({ url: URL_A }, { fetch, stallTimeoutMs: 50 }));
    expect(error.code).toBe("download-stalled");
    expect(error.advice).toBeTruthy();
  });

  it("ends a request that never answers with a typed error", async () => {
    const never = (() => new Promise<Response>(() => {})) as typeof fetch;
    expect(
      (await failure(downloadPart({ url: URL_A }, { fetch: never, stallTimeoutMs: 50 }))).code,
    ).toBe("download-stalled");
    expect(
      (
        await failure(
          loadManifest("https://example.com/m.json", { fetch: never, stallTimeoutMs: 50 }),
        )
      ).code,
    ).toBe("download-stalled");
  });

  it("caps a manifest's size, announced or streamed", async () => {
    const huge = new Uint8Array(3 * 1024 * 1024).fill(0x20);
    const announced = fakeFetch({
      "https://example.com/m.json": {
        body: huge,
        headers: { "content-length": String(huge.length) },
      },
    });
    expect(
      (await failure(loadManifest("https://example.com/m.json", { fetch: announced }))).code,
    ).toBe("download-too-large");
    const streamed = fakeFetch({ "https://example.com/m.json": { body: huge } });
    expect(
      (await failure(loadManifest("https://example.com/m.json", { fetch: streamed }))).code,
    ).toBe("download-too-large");
  });

  it.each([
    ["<head>", enc("<head><title>404</title></head>")],
    ["<?xml", enc('<?xml version="1.0"?><Error><Code>NoSuchKey</Code></Error>')],
    ["a comment before <html>", enc("<!-- generated --><html><body>oops</body></html>")],
    ["JSON", enc('{"error": "not found"}')],
    ["a JSON array", enc('  [{"message": "denied"}]')],
    ["UTF-16LE HTML", utf16("<!DOCTYPE html><html>404</html>", true)],
    ["UTF-16BE HTML", utf16("<html><body>login</body></html>", false)],
  ])("recognises an error page served as 200: %s", async (_, body) => {
    expect(looksLikeHtml(body)).toBe(true);
    const error = await failure(
      downloadPart({ url: URL_A }, { fetch: fakeFetch({ [URL_A]: { body } }) }),
    );
    expect(error.code).toBe("download-html");
  });

  it("does not mistake binary images for pages", () => {
    expect(looksLikeHtml(firmware)).toBe(false);
    expect(looksLikeHtml(Uint8Array.of(0x7b, 0x22, 0x00, 0x01, 0xe9))).toBe(false); // '{"' then binary
    expect(looksLikeHtml(Uint8Array.of(0x3c, 0x68, 0x74, 0x6d, 0x6c, 0x3e, 0x00, 0x02))).toBe(
      false,
    ); // "<html>" then binary
    expect(looksLikeHtml(Uint8Array.of(0xe9, 0x03, 0x02, 0x20))).toBe(false);
  });
});
