// The dialog's chunk fails to load on click (offline, a CSP, a CDN hiccup): the button says so
// in the page's language and leaves the port free. The button comes from /chunk-failure/src/…,
// where the test server answers 503 for the dialog's chunk (web-test-runner.config.js).
import { expect, waitUntil } from "@open-wc/testing";
import { VirtualEsp } from "@esp-flash/virtual-device";
import type { Mounted } from "../helpers/harness.js";

const FAILING_BUTTON = "/chunk-failure/src/esp-flash-button/define.ts";

describe("a lazily loaded chunk that fails", () => {
  let m: Mounted | undefined;
  after(() => {
    document.documentElement.lang = "en";
  });
  afterEach(() => {
    m?.done();
    m = undefined;
  });

  it("ends in a clear error and a released port", async () => {
    await import(/* @vite-ignore */ FAILING_BUTTON); // defines <esp-flash-button> before the harness does
    const { micropythonFirmware, mount, nextError } = await import("../helpers/harness.js");
    document.documentElement.lang = "de";
    const device = new VirtualEsp({ chip: "ESP8266", flashSize: "4MB" });
    m = mount({ device, ...micropythonFirmware() });
    const error = nextError(m.el);
    await m.start();
    expect((await error).detail.code).to.equal("load-failed");
    await waitUntil(() => m!.el.shadowRoot!.querySelector("dialog"), "no note shown");
    const note = m.el.shadowRoot!.querySelector("dialog")!;
    expect(note.open).to.equal(true);
    expect(note.querySelector("h2")!.textContent).to.equal("Der Installer konnte nicht starten");
    expect(note.textContent).to.contain("Ein Teil wurde nicht geladen");
    expect(m.el.shadowRoot!.activeElement).to.equal(note.querySelector("button"));
    expect(m.el.shadowRoot!.querySelector("esp-flash-dialog")).to.equal(null);
    expect(m.port.readable).to.equal(null);
    expect(device.flash.read(0, 16).every((x) => x === 0xff)).to.equal(true);
  });
});
