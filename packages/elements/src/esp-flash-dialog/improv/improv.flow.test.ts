// Improv Wi-Fi through the real element and dialog, on a virtual board whose firmware speaks Improv.
import { expect } from "@open-wc/testing";
import {
  improvFirmware,
  makeSampleFirmware,
  VirtualEsp,
  type ImprovFirmwareOptions,
  type VirtualSerialPort,
} from "@esp-flash/virtual-device";
import { mount, type Mounted } from "../../../test/helpers/harness.js";

// Separate parts, as ESPHome's manifests list them: NVS (0x9000, the Wi-Fi settings) is not written.
const fw = makeSampleFirmware("esp32-parts", { size: 128 * 1024 });
const files = new Map(fw.parts.map((p) => [`${p.name}.bin`, p.data]));
const merged = (() => {
  const end = Math.max(...fw.parts.map((p) => p.offset + p.data.length));
  const out = new Uint8Array(end).fill(0xff);
  for (const p of fw.parts) out.set(p.data, p.offset);
  return out;
})();
const JUNK_AT = 0x200000;
let m: Mounted | undefined;
afterEach(() => {
  m?.done();
  m = undefined;
});

function board(o: ImprovFirmwareOptions & { installed?: boolean } = {}) {
  const flash = new Uint8Array(0x201000).fill(0xff);
  if (o.installed) flash.set(merged);
  flash.fill(0x5a, JUNK_AT, JUNK_AT + 16); // user data elsewhere on the flash
  return new VirtualEsp({
    chip: "ESP32",
    flashSize: "4MB",
    flashContents: flash,
    app: improvFirmware({
      firmware: "Sample firmware",
      version: "0.9",
      scanMs: 30,
      connectMs: 80,
      ...o,
    }),
  });
}
const manifest = (extra: object = {}) => ({
  name: "Sample firmware",
  version: "1.0",
  home_assistant_domain: "esphome",
  funding_url: "https://example.test/fund",
  new_install_improv_wait_time: 5,
  builds: [
    {
      chipFamily: "ESP32",
      parts: fw.parts.map((p) => ({ path: `${p.name}.bin`, offset: p.offset })),
    },
  ],
  ...extra,
});
const junkKept = (d: VirtualEsp) => d.flash.read(JUNK_AT, 1)[0] === 0x5a;
const root = () => m!.dialog()!.shadowRoot!;
const link = (label: string) =>
  [...root().querySelectorAll("a")].find((a) => a.textContent?.trim() === label);
async function fill(name: string, value: string) {
  await m!.dialog()!.updateComplete;
  const input = root().querySelector<HTMLInputElement>(`input[name="${name}"]`)!;
  input.value = value;
}
async function chooseNetwork(ssid: string) {
  await m!.dialog()!.updateComplete;
  const row = [...root().querySelectorAll("label.network")].find((l) =>
    l.textContent?.includes(ssid),
  )!;
  row.querySelector("input")!.click();
  await m!.dialog()!.updateComplete;
}
async function submit() {
  root().querySelector<HTMLFormElement>("form.wifi")!.requestSubmit();
}
const untilScanned = async () => {
  for (let i = 0; i < 100 && !root().querySelector("label.network"); i++)
    await new Promise((r) => setTimeout(r, 50));
};

describe("Improv Wi-Fi after an install and on the dashboard", () => {
  it("new install: erases as ESP Web Tools does, then sets up Wi-Fi, explains a wrong password, provisions", async () => {
    const device = board();
    m = mount({ device, files, manifest: manifest() });
    m.el.removeAttribute("erase");
    m.el.erase = "auto";
    const events: string[] = [];
    let url: string | undefined;
    m.el.addEventListener("esp-flash-provisioning", (e) =>
      events.push(`provisioning ${e.detail.ssid}`),
    );
    m.el.addEventListener("esp-flash-provisioned", (e) => {
      events.push("provisioned");
      url = e.detail.url;
    });
    await m.start();
    await m.until("summary");
    await m.press("Install");
    await m.until("done");
    expect(junkKept(device), "a new install erases the whole flash").to.equal(false);
    await m.until("wifi");
    await untilScanned();
    expect(m.text()).to.contain("HomeNet").and.to.contain("Join other network…");
    expect(root().querySelectorAll('svg[aria-label="Secured"]').length).to.equal(2);
    await chooseNetwork("HomeNet");
    await fill("password", "wrong one");
    await submit();
    await m.until("wifi-connecting");
    await m.until("wifi");
    await untilScanned();
    expect(m.text()).to.contain("Could not join \u2068HomeNet\u2069: the password is wrong.");
    await fill("password", "correct horse");
    await submit();
    await m.until("provisioned");
    // The checked URL, as the dialog links to it.
    expect(url).to.match(/^http:\/\/virtual-esp32-[0-9a-f]{6}\.local\/$/);
    expect(link("Visit device")?.href).to.equal(url);
    expect(link("Add to Home Assistant")?.href).to.equal(
      "https://my.home-assistant.io/redirect/config_flow_start/?domain=esphome",
    );
    expect(events).to.deep.equal(["provisioning HomeNet", "provisioning HomeNet", "provisioned"]);
    expect(m.views).not.to.include("erase");
    await m.press("Continue");
    await m.until("dashboard");
    // The virtual firmware reports the version it was configured with (0.9), whatever was written.
    expect(m.text()).to.contain("Sample firmware 0.9").and.to.contain("Change Wi-Fi");
  });

  it("a port that never resets the board: the wait asks for the RESET button, and pressing it finds Improv", async () => {
    const device = board();
    m = mount({
      device,
      files,
      erase: "always",
      manifest: manifest({ new_install_improv_wait_time: 10 }),
    });
    // From the final MD5 pass on, the port takes signal changes and never answers (a driver that hangs).
    const port = m.port as VirtualSerialPort;
    const setSignals = port.setSignals.bind(port);
    let hang = false;
    port.setSignals = (signals) => (hang ? new Promise<void>(() => {}) : setSignals(signals));
    await m.start();
    await m.until("summary");
    await m.press("Install");
    await m.until("verifying");
    hang = true;
    await m.until("improv-waiting");
    expect(m.text()).to.contain("was written and verified. Press the board's RESET button");
    device.reset("flash"); // the person presses RESET
    await m.until("wifi");
    await untilScanned();
    expect(m.text()).to.contain("HomeNet");
  });

  it("dashboard on a board running older firmware: Update keeps user data and Wi-Fi", async () => {
    const device = board({ installed: true });
    m = mount({ device, files, manifest: manifest() });
    m.el.erase = "auto";
    await m.start();
    await m.until("dashboard");
    expect(m.text())
      .to.contain("Sample firmware 0.9")
      .and.to.contain("ESP32")
      .and.to.contain("Update to Sample firmware 1.0");
    expect(link("Fund development")?.href).to.equal("https://example.test/fund");
    expect(link("Visit device")).to.equal(undefined);
    await m.press("Connect to Wi-Fi");
    await m.until("wifi");
    await untilScanned();
    await chooseNetwork("Join other network…");
    await fill("other-ssid", "Garden");
    await fill("password", "correct horse");
    await submit();
    await m.until("provisioned");
    await m.press("Continue");
    await m.until("dashboard");
    expect(m.text()).to.contain("Change Wi-Fi");
    await m.press("Update to Sample firmware 1.0");
    await m.until("summary");
    // The confirmation names the version the firmware said it runs, and that data is kept.
    expect(m.text())
      .to.contain("Update to Sample firmware 1.0?")
      .and.to.contain("Sample firmware 0.9 is on this board.")
      .and.to.contain("This updates the firmware already on the board: nothing is erased");
    await m.press("Install");
    await m.until("done");
    expect(junkKept(device), "an update does not erase").to.equal(true);
    await m.until("provisioned");
    expect(link("Visit device")?.href).to.match(/\.local\/$/);
  });

  it("a network name over 32 bytes (11 CJK characters) is named as too long, and the list still works", async () => {
    const device = board({ installed: true });
    m = mount({ device, files, manifest: manifest() });
    const provisioning: string[] = [];
    m.el.addEventListener("esp-flash-provisioning", (e) => provisioning.push(e.detail.ssid));
    await m.start();
    await m.until("dashboard");
    await m.press("Connect to Wi-Fi");
    await m.until("wifi");
    await untilScanned();
    await chooseNetwork("Join other network…");
    const name = "家里的无线网络名称很长";
    expect(name.length).to.equal(11);
    await fill("other-ssid", name);
    await fill("password", "correct horse");
    await submit();
    await m.dialog()!.updateComplete;
    expect(m.text()).to.contain(`The network name \u2068${name}\u2069 is longer than Wi-Fi allows`);
    expect(m.text()).not.to.contain("stopped answering");
    expect(provisioning).to.deep.equal([]);
    await untilScanned();
    expect(root().querySelectorAll("label.network").length).to.be.greaterThan(0);
  });

  it("a device URL that is not http(s) reaches neither the page's event nor a link", async () => {
    const device = board({ installed: true, url: "javascript:alert(document.domain)" });
    m = mount({ device, files, manifest: manifest() });
    const urls: (string | undefined)[] = [];
    m.el.addEventListener("esp-flash-provisioned", (e) => urls.push(e.detail.url));
    await m.start();
    await m.until("dashboard");
    await m.press("Connect to Wi-Fi");
    await m.until("wifi");
    await untilScanned();
    await chooseNetwork("HomeNet");
    await fill("password", "correct horse");
    await submit();
    await m.until("provisioned");
    expect(urls).to.deep.equal([undefined]);
    expect(link("Visit device")).to.equal(undefined);
  });

  it("says when the network has gone, and checkSameFirmware overrides the name match", async () => {
    const device = board({ installed: true, failure: "network-gone", firmware: "esphome-sample" });
    m = mount({ device, files, manifest: manifest() });
    m.el.overrides = { checkSameFirmware: (_m, info) => info.firmware === "esphome-sample" };
    await m.start();
    await m.until("dashboard");
    expect(m.text()).to.contain("Update to Sample firmware 1.0").and.to.contain("Erase user data");
    await m.press("Connect to Wi-Fi");
    await m.until("wifi");
    await untilScanned();
    await chooseNetwork("Garden");
    await fill("password", "correct horse");
    await submit();
    await m.until("wifi-connecting");
    await m.until("wifi");
    for (let i = 0; i < 100 && !m.text().includes("Could not reach"); i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(m.text()).to.contain("Could not reach \u2068Garden\u2069.");
  });

  it("a device that takes 32 s to join the network is not reported as timed out (EWT waits 45 s)", async function () {
    this.timeout(120_000);
    const device = board({ installed: true, connectMs: 32_000 });
    m = mount({ device, files, manifest: manifest() });
    await m.start();
    await m.until("dashboard");
    await m.press("Connect to Wi-Fi");
    await m.until("wifi");
    await untilScanned();
    await chooseNetwork("HomeNet");
    await fill("password", "correct horse");
    await submit();
    await m.until("wifi-connecting");
    await m.until("provisioned");
    expect(m.text()).to.not.contain("did not answer in time");
  });

  it("Erase user data says on its confirmation that all data will be erased", async () => {
    for (const erase of ["auto", "prompt"] as const) {
      const device = board({ installed: true });
      m = mount({ device, files, manifest: manifest(), erase });
      await m.start();
      await m.until("dashboard");
      await m.press("Erase user data");
      if (erase === "prompt") {
        await m.until("summary");
        await m.press("Next");
        await m.until("erase");
      } else await m.until("summary");
      expect(m.text(), erase).to.contain(
        "All data on the board will be erased: files, Wi-Fi settings and anything else saved on it.",
      );
      expect(junkKept(device), "nothing erased before the person confirms").to.equal(true);
      await m.press("Cancel");
      await m.until("closed");
      m.done();
      m = undefined;
    }
  });

  it("firmware without Improv: waits as long as the manifest says, then shows the install result", async () => {
    const device = board({ failure: "no-improv" });
    m = mount({
      device,
      files,
      erase: "always",
      manifest: manifest({ new_install_improv_wait_time: 1 }),
    });
    let doneEvents = 0;
    m.el.addEventListener("esp-flash-done", () => doneEvents++);
    await m.start();
    await m.until("summary");
    await m.press("Install");
    await m.until("improv-waiting");
    const waited = Date.now();
    await m.until("done");
    expect(Date.now() - waited).to.be.greaterThan(800);
    expect(m.text()).to.contain("Installed");
    expect(doneEvents, "esp-flash-done once per install").to.equal(1);
  });
});
