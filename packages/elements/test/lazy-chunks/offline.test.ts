// Offline on click: neither the dialog's chunk nor the note's loads. The button's own label
// (shipped up front) says what to do, and the page gets esp-flash-error. The button comes from
// /offline/src/…, where the test server answers 503 for both chunks (web-test-runner.config.js).
import { expect } from "@open-wc/testing";
import { waitUntil } from "../helpers/wait-until.js";
import type { Mounted } from "../helpers/harness.js";

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
    const { clickUntilError } = await import("../helpers/harness.js");
    document.documentElement.lang = "zh-CN";
    const clicked = await clickUntilError();
    m = clicked.m;
    expect(clicked.error.code).to.equal("load-failed");
    const label = m.el.shadowRoot!.querySelector("[part=button]")!;
    await waitUntil(
      () => label.textContent === "Could not load: reload the page",
      `label: ${label.textContent}`,
    );
    expect(m.port.readable).to.equal(null);
  });
});
