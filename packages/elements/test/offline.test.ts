// Offline on click: neither the dialog's chunk nor the note's loads. The button's own label
// (shipped up front) says what to do, and the page gets esp-flash-error. The button comes from
// /offline/src/…, where the test server answers 503 for both chunks (web-test-runner.config.js).
import { expect, waitUntil } from "@open-wc/testing";
import { makeSampleFirmware, VirtualEsp } from "@esp-flash/virtual-device";
import type { Mounted } from "./harness.js";

const OFFLINE_BUTTON = "/offline/src/esp-flash-button/define.ts";

describe("offline on click", () => {
  let m: Mounted | undefined;
  after(() => {
    document.documentElement.lang = "en";
  });
  afterEach(() => {
    m?.done();
    m = undefined;
  });

  it("says to reload on the button itself and leaves the port free", async () => {
    await import(/* @vite-ignore */ OFFLINE_BUTTON); // defines <esp-flash-button> before the harness does
    const { manifestOf, mount } = await import("./harness.js");
    document.documentElement.lang = "zh-CN";
    const device = new VirtualEsp({ chip: "ESP8266", flashSize: "4MB" });
    const fw = makeSampleFirmware("micropython-esp8266");
    m = mount({
      device,
      files: new Map(fw.parts.map((p) => [`${p.name}.bin`, p.data])),
      manifest: manifestOf([
        { chipFamily: "ESP8266", parts: fw.parts.map((p) => ({ name: p.name, offset: p.offset })) },
      ]),
    });
    const error = new Promise<CustomEvent>((r) =>
      m!.el.addEventListener("esp-flash-error", r, { once: true }),
    );
    await m.start();
    expect((await error).detail.code).to.equal("load-failed");
    const label = m.el.shadowRoot!.querySelector("[part=button]")!;
    await waitUntil(
      () => label.textContent === "Could not load: reload the page",
      `label: ${label.textContent}`,
    );
    expect(m.port.readable).to.equal(null);
  });
});
