// An ESP Web Tools page as published, with only its script URL changed to our compat entry:
// install (EWT's erase rule), Wi-Fi over Improv, Visit device, Add to Home Assistant, then the
// dashboard when it is opened again. Served under the strict CSP (web-test-runner.config.js).
import { expect } from "@open-wc/testing";
import { emulateMedia } from "@web/test-runner-commands";
import {
  improvFirmware,
  installVirtualSerial,
  makeSampleFirmware,
  VirtualEsp,
} from "@esp-flash/virtual-device";

type Dialog = HTMLElement & { updateComplete: Promise<unknown>; view: { name: string } };
const fw = makeSampleFirmware("esp32-parts", { size: 160 * 1024 });
const part = (name: string) => fw.parts.find((p) => p.name === name)!.data;
const served = new Map<string, Uint8Array>([
  ["bootloader_dout_40m.bin", part("bootloader")],
  ["partitions.bin", part("partition-table")],
  ["boot_app0.bin", new Uint8Array(0x2000).fill(0xff).fill(0, 0, 32)],
  ["esp32.bin", part("app")],
]);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function openPage() {
  const frame = document.createElement("iframe");
  frame.src = new URL("./index.html", import.meta.url).href;
  document.body.append(frame);
  await new Promise((r) => frame.addEventListener("load", r, { once: true }));
  const win = frame.contentWindow as Window & typeof globalThis;
  const violations: string[] = [];
  win.document.addEventListener("securitypolicyviolation", (e) =>
    violations.push(e.violatedDirective),
  );
  // The network: manifest.json comes from the server as is; the firmware files from here.
  const realFetch = win.fetch.bind(win);
  win.fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input), win.location.href);
    const body = served.get(url.pathname.split("/").pop()!);
    return body ? new Response(body.slice()) : realFetch(input, init);
  };
  for (let i = 0; i < 100 && !win.customElements.get("esp-web-install-button"); i++)
    await sleep(50);
  const button = win.document.querySelector("esp-web-install-button")!;
  return { frame, win, button, violations };
}

function ui(button: Element) {
  const dialog = () => button.shadowRoot!.querySelector("esp-flash-dialog") as Dialog | null;
  const root = () => dialog()!.shadowRoot!;
  // Views as the element reports them: a short-lived one is not missed between polls.
  const seen: string[] = [];
  let from = 0;
  button.addEventListener("esp-flash-state", (e) =>
    seen.push((e as CustomEvent<{ view: string }>).detail.view),
  );
  const until = async (name: string, ms = 20_000) => {
    for (const end = Date.now() + ms; Date.now() < end; await sleep(40)) {
      const at = seen.indexOf(name, from);
      if (at >= 0) {
        from = at + 1;
        return dialog()!.updateComplete;
      }
    }
    throw new Error(`no "${name}" view after ${seen.slice(from).join(" → ")}`);
  };
  const press = async (label: string) => {
    await dialog()!.updateComplete;
    const b = [...root().querySelectorAll("button")].find((x) => x.textContent?.trim() === label);
    if (!b) throw new Error(`no "${label}" in ${dialog()!.view.name}`);
    b.click();
  };
  const text = () => root().querySelector("dialog")!.textContent!.replace(/\s+/g, " ");
  const link = (label: string) =>
    [...root().querySelectorAll("a")].find((a) => a.textContent?.trim() === label)?.href;
  return { dialog, root, until, press, text, link };
}

describe("an ESP Web Tools page with only the script swapped", () => {
  it("installs, sets up Wi-Fi, links the device and Home Assistant, then shows the dashboard", async function () {
    this.timeout(300_000);
    const device = new VirtualEsp({
      chip: "ESP32",
      flashSize: "4MB",
      flashContents: new Uint8Array(0x301000).fill(0xff).fill(0x5a, 0x300000),
      app: improvFirmware({
        firmware: "ESPHome",
        version: "2021.11.0",
        deviceName: "living-room",
        scanMs: 30,
        connectMs: 60,
      }),
    });
    const { frame, win, button, violations } = await openPage();
    const nav = win.navigator as Navigator & { serial?: unknown };
    const serial = installVirtualSerial([device], { keepReal: false, navigator: nav });
    try {
      expect(button.hasAttribute("install-supported")).to.equal(true);
      const u = ui(button);
      button.shadowRoot!.querySelector("button")!.click();
      // A board without Improv firmware: ESP Web Tools' menu, Install or Logs & Console.
      await u.until("menu");
      await u.press("Install ESPHome 2021.11.0");
      await u.until("summary");
      expect(u.text()).to.contain("Install ESPHome 2021.11.0?");
      await u.press("Install");
      await u.until("done");
      expect(device.flash.read(0x300000, 1)[0], "EWT erases on a new install").to.equal(0xff);
      await u.until("wifi");
      for (let i = 0; i < 100 && !u.root().querySelector("label.network"); i++) await sleep(40);
      const provisioned = new Promise<CustomEvent>((r) =>
        button.addEventListener("esp-flash-provisioned", (e) => r(e as CustomEvent), {
          once: true,
        }),
      );
      u.root().querySelector<HTMLInputElement>('input[name="password"]')!.value = "correct horse";
      u.root().querySelector<HTMLFormElement>("form.wifi")!.requestSubmit();
      await u.until("provisioned");
      // The page gets the URL as checked (parsed, http or https only), as the dialog links it.
      expect((await provisioned).detail).to.deep.equal({
        ssid: "HomeNet",
        url: "http://living-room.local/",
      });
      expect(u.link("Visit device")).to.equal("http://living-room.local/");
      expect(u.link("Add to Home Assistant")).to.equal(
        "https://my.home-assistant.io/redirect/config_flow_start/?domain=esphome",
      );
      await u.press("Close");
      await u.until("closed");
      await sleep(200);

      // Opened again on the same board: it runs this firmware and is on the network.
      button.shadowRoot!.querySelector("button")!.click();
      await u.until("dashboard");
      expect(u.text())
        .to.contain("living-room")
        .and.to.contain("ESPHome 2021.11.0")
        .and.to.contain("ESP32")
        .and.to.contain("Reinstall ESPHome 2021.11.0")
        .and.to.contain("Change Wi-Fi")
        .and.to.contain("Logs & console");
      expect(u.link("Fund development")).to.equal("https://esphome.io/guides/supporters.html");
      expect(u.link("Visit device")).to.equal("http://living-room.local/");
      // The console has Back to the dashboard (the board is asked over Improv again), as in EWT.
      await u.press("Logs & console");
      await u.until("console");
      await u.press("Back");
      await u.until("dashboard");
      expect(u.text()).to.contain("Reinstall ESPHome 2021.11.0");
      await u.press("Close");
      await u.until("closed");
      expect(violations).to.deep.equal([]);
      expect(device.internalErrors).to.deep.equal([]);
    } finally {
      serial.uninstall();
      frame.remove();
    }
  });
});

describe("ESP Web Tools' static properties and default button", () => {
  after(() => emulateMedia({ colorScheme: "light" }));

  it("has isSupported and isAllowed, and the button looks like EWT's in light and dark", async () => {
    const { frame, win, button } = await openPage();
    try {
      const Button = win.customElements.get("esp-web-install-button") as unknown as {
        isSupported: boolean;
        isAllowed: boolean;
      };
      // Chromium has Web Serial; the test page is served from localhost (a secure context).
      expect(Button.isSupported).to.equal(true);
      expect(Button.isAllowed).to.equal(true);
      const face = button.shadowRoot!.querySelector("button")!;
      for (const scheme of ["light", "dark"] as const) {
        await emulateMedia({ colorScheme: scheme });
        const css = win.getComputedStyle(face);
        // EWT's install-button.ts: #03a9f4, white text, a 9999px pill, 14px/500, 10px 24px.
        expect(css.backgroundColor, scheme).to.equal("rgb(3, 169, 244)");
        expect(css.color, scheme).to.equal("rgb(255, 255, 255)");
        expect(css.borderTopLeftRadius, scheme).to.equal("9999px");
        expect(css.fontSize, scheme).to.equal("14px");
        expect(css.fontWeight, scheme).to.equal("500");
        expect(`${css.paddingTop} ${css.paddingLeft}`, scheme).to.equal("10px 24px");
      }
      // The page's EWT theming still applies.
      (button as HTMLElement).style.setProperty("--esp-tools-button-color", "rgb(1, 2, 3)");
      expect(win.getComputedStyle(face).backgroundColor).to.equal("rgb(1, 2, 3)");
    } finally {
      frame.remove();
    }
  });
});
