// The script-tag build on its own, as a site loads it from a CDN: dist/web/esp-flash-button.js
// defines the button, and a click lazy-loads a dialog that flashes a virtual ESP8266.
// (A sideEffects mistake once shipped a bundle that defined nothing; only the build shows it.)
import { installVirtualSerial, makeSampleFirmware, VirtualEsp } from "@esp-flash/virtual-device";
import { pressWhenShown } from "../helpers/press-when-shown.js";

const BUNDLE = new URL("../../dist/web/esp-flash-button.js", import.meta.url).href;

describe("script-tag build (dist/web)", () => {
  it("defines the button, and its lazy dialog flashes and verifies a board", async () => {
    await import(/* @vite-ignore */ BUNDLE);
    if (!customElements.get("esp-flash-button"))
      throw new Error("the bundle did not define <esp-flash-button>");

    const device = new VirtualEsp({ chip: "ESP8266", flashSize: "4MB" });
    const install = installVirtualSerial([device], { keepReal: false });
    const image = makeSampleFirmware("micropython-esp8266").parts[0]!.data;
    const el = document.createElement("esp-flash-button");
    el.manifest = {
      name: "MicroPython",
      builds: [{ chipFamily: "ESP8266", parts: [{ path: "fw.bin", offset: 0 }] }],
    };
    el.erase = "never";
    el.fetch = async () => new Response(image.slice());
    document.body.append(el);
    try {
      pressWhenShown(el, "menu", "Install MicroPython", true);
      pressWhenShown(el, "summary", "Install");
      const done = new Promise<void>((resolve, reject) => {
        el.addEventListener("esp-flash-done", () => resolve());
        el.addEventListener("esp-flash-error", (e) =>
          reject(new Error(JSON.stringify((e as CustomEvent).detail))),
        );
      });
      el.shadowRoot!.querySelector("button")!.click();
      await done;
      if (!customElements.get("esp-flash-dialog")) throw new Error("the dialog was never defined");
      if ((device.flash.read(3, 1)[0]! & 0xf0) !== 0x40)
        throw new Error("header not patched to 4MB");
      if (!device.lastBoot?.ok) throw new Error(`board did not boot clean:\n${device.bootLog}`);
    } finally {
      el.remove();
      install.uninstall();
    }
  });
});
