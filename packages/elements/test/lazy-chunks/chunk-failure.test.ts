// The dialog's chunk fails to load on click (offline, a CSP, a CDN hiccup): the button says so
// in the page's language and leaves the port free. The button comes from /chunk-failure/src/…,
// where the test server answers 503 for the dialog's chunk (web-test-runner.config.js).
import { expect } from "@open-wc/testing";
import { waitUntil } from "../helpers/wait-until.js";
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
    const { clickUntilError } = await import("../helpers/harness.js");
    document.documentElement.lang = "de";
    const clicked = await clickUntilError();
    m = clicked.m;
    expect(clicked.error.code).to.equal("load-failed");
    await waitUntil(() => m!.el.shadowRoot!.querySelector("dialog"), "no note shown");
    const note = m.el.shadowRoot!.querySelector("dialog")!;
    expect(note.open).to.equal(true);
    expect(note.querySelector("h2")!.textContent).to.equal("Der Installer konnte nicht starten");
    expect(note.textContent).to.contain("Ein Teil wurde nicht geladen");
    expect(m.el.shadowRoot!.activeElement).to.equal(note.querySelector("button"));
    expect(m.el.shadowRoot!.querySelector("esp-flash-dialog")).to.equal(null);
    expect(m.port.readable).to.equal(null);
    expect(clicked.device.flash.read(0, 16).every((x) => x === 0xff)).to.equal(true);
  });
});
