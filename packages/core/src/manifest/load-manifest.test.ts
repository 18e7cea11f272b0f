import { describe, expect, it } from "vitest";
import { DownloadError, loadManifest, ManifestError } from "../index.js";
import { fakeFetch } from "../../test/helpers/fake-fetch.js";

const URL_M = "https://example.com/fw/manifest.json";
const manifest = {
  name: "MicroPython",
  builds: [{ chipFamily: "ESP8266", parts: [{ path: "fw.bin", offset: 0 }] }],
};

describe("loadManifest", () => {
  it("refuses a manifest URL with credentials before any request, without repeating them", async () => {
    const fetch = fakeFetch({});
    const error = await loadManifest("https://user:s3cr3t-token@example.com/m.json", {
      fetch,
    }).then(
      () => undefined,
      (e: unknown) => e as ManifestError,
    );
    expect(error).toBeInstanceOf(ManifestError);
    expect(error).toMatchObject({ code: "manifest-url-refused" });
    expect(`${error?.message} ${error?.advice}`).not.toMatch(/s3cr3t|user:/);
    expect(error?.advice).not.toMatch(/cross-origin/i);
    expect(fetch.requests).toEqual([]);
  });

  it("fetches, parses and resolves parts against the manifest URL", async () => {
    const fetch = fakeFetch({
      [URL_M]: { body: JSON.stringify(manifest), headers: { "content-type": "application/json" } },
    });
    const m = await loadManifest(URL_M, { fetch });
    expect(m.builds[0]!.parts[0]!.url).toBe("https://example.com/fw/fw.bin");
    // Only the manifest itself is requested.
    expect(fetch.requests).toEqual([URL_M]);
  });

  it("reports HTTP errors and broken JSON with typed errors", async () => {
    await expect(loadManifest(URL_M, { fetch: fakeFetch({}) })).rejects.toMatchObject({
      code: "download-http-status",
      status: 404,
      url: URL_M,
    });
    await expect(
      loadManifest(URL_M, { fetch: fakeFetch({ [URL_M]: { networkError: true } }) }),
    ).rejects.toBeInstanceOf(DownloadError);
    const html = fakeFetch({ [URL_M]: { body: "<!doctype html><p>hi" } });
    await expect(loadManifest(URL_M, { fetch: html })).rejects.toMatchObject({
      code: "manifest-not-json",
    });
    const invalid = fakeFetch({
      [URL_M]: { body: JSON.stringify({ name: "x", builds: [{ chipFamily: "esp32" }] }) },
    });
    await expect(loadManifest(URL_M, { fetch: invalid })).rejects.toMatchObject({
      path: "builds[0].chipFamily",
    });
  });

  it("accepts a blob: manifest URL the page made (ESP Web Tools' generated manifests)", async () => {
    const blob = "blob:https://example.com/0b4c9e7e-8f1a-4a52-a7a4-5f0f1d2b7c11";
    const absolute = {
      ...manifest,
      builds: [
        { chipFamily: "ESP8266", parts: [{ path: "https://example.com/fw.bin", offset: 0 }] },
      ],
    };
    const fetch = fakeFetch({ [blob]: { body: JSON.stringify(absolute) } });
    const m = await loadManifest(blob, { fetch });
    expect(m.builds[0]!.parts[0]!.url).toBe("https://example.com/fw.bin");
    // Without a page to resolve against (Node), a relative part path is refused with advice.
    const relative = fakeFetch({ [blob]: { body: JSON.stringify(manifest) } });
    await expect(loadManifest(blob, { fetch: relative })).rejects.toMatchObject({
      code: "manifest-url-refused",
      path: "builds[0].parts[0].path",
      advice: expect.stringContaining("full https: URL"),
    });
    // A public page's blob may not name a part on the local network, as its own manifest may not.
    const lan = {
      ...manifest,
      builds: [
        { chipFamily: "ESP8266", parts: [{ path: "https://192.168.1.20/fw.bin", offset: 0 }] },
      ],
    };
    await expect(
      loadManifest(blob, { fetch: fakeFetch({ [blob]: { body: JSON.stringify(lan) } }) }),
    ).rejects.toMatchObject({ code: "manifest-url-refused" });
    // A blob of an origin the policy refuses is refused like that origin.
    for (const url of ["blob:http://example.com/x", "blob:null/x"]) {
      const error = await loadManifest(url, { fetch: fakeFetch({}) }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "manifest-url-refused" });
    }
  });

  it("applies the URL policy to the manifest URL before any request", async () => {
    const fetch = fakeFetch({});
    for (const url of [
      "http://example.com/m.json",
      "file:///m.json",
      "javascript:alert(1)",
      "relative.json",
    ]) {
      const error = await loadManifest(url, { fetch }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ManifestError);
      expect(error).toMatchObject({ code: "manifest-url-refused" });
    }
    expect(fetch.requests).toEqual([]);
    const local = fakeFetch({ "http://localhost:8000/m.json": { body: JSON.stringify(manifest) } });
    await expect(
      loadManifest("http://localhost:8000/m.json", { fetch: local }),
    ).resolves.toMatchObject({ name: "MicroPython" });
  });

  it("is abortable", async () => {
    const controller = new AbortController();
    controller.abort();
    const fetch = fakeFetch({ [URL_M]: { body: JSON.stringify(manifest) } });
    await expect(loadManifest(URL_M, { fetch, signal: controller.signal })).rejects.toMatchObject({
      code: "download-aborted",
    });
  });
});
