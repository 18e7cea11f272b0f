// A view's chunk fails to load (the dialog loads all but the install's views when first shown):
// an error still shows, from the message built into the dialog, and any other view that cannot
// load is said to be an error. The button comes from /view-failure/src/…, where the test server
// answers 503 for the error view's and the no-port view's chunks (web-test-runner.config.js).
import { expect } from "@open-wc/testing";
import { VirtualEsp } from "@esp-flash/virtual-device";
import type { Mounted } from "../helpers/harness.js";

const FAILING_BUTTON = "/view-failure/src/esp-flash-button/define.ts";

describe("a view whose chunk fails to load", () => {
  let m: Mounted | undefined;
  afterEach(() => {
    m?.done();
    m = undefined;
  });

  it("an error still shows core's message, the details and Close", async () => {
    await import(/* @vite-ignore */ FAILING_BUTTON); // defines <esp-flash-button> before the harness does
    const { micropythonFirmware, mount, nextError } = await import("../helpers/harness.js");
    const device = new VirtualEsp({ chip: "ESP8266", flashSize: "4MB" });
    const { manifest } = micropythonFirmware();
    m = mount({ device, manifest, files: new Map() }); // every download answers 404
    const error = nextError(m.el);
    await m.start();
    const report = (await error).detail;
    expect(report.step).to.equal("downloading");
    const d = await m.until("error");
    const shown = d.shadowRoot!.querySelector("dialog")!;
    expect(shown.querySelector("h2")!.textContent).to.equal(report.message);
    expect(shown.querySelector("pre")!.textContent).to.equal(report.details);
    expect(d.shadowRoot!.activeElement?.textContent?.trim()).to.equal("Close");
    await m.press("Close");
    await m.until("closed");
    expect(m.port.readable).to.equal(null);
  });

  it("another view that cannot load says the installer could not start", async () => {
    await import(/* @vite-ignore */ FAILING_BUTTON);
    const { micropythonFirmware, mount } = await import("../helpers/harness.js");
    const device = new VirtualEsp({ chip: "ESP8266", flashSize: "4MB" });
    m = mount({ device, ...micropythonFirmware(), choose: () => null });
    await m.start();
    const d = await m.until("port-cancelled");
    expect(d.shadowRoot!.querySelector("h2")!.textContent).to.equal(
      "The installer could not start.",
    );
    expect(m.text()).to.contain("the port-cancelled view could not be loaded");
  });
});
