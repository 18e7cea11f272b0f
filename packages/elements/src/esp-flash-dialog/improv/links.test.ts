import { expect } from "@open-wc/testing";
import type { ImprovDeviceInfo, Manifest } from "../../core-types.js";
import { homeAssistantLink, installKind, safeUrl } from "./links.js";

const manifest = { name: "ESPHome", version: "2024.6.0", builds: [] } as unknown as Manifest;
const info = (firmware: string, version: string): ImprovDeviceInfo => ({
  firmware,
  version,
  chipFamily: "ESP32",
  name: "kitchen",
});

describe("Improv links and install kinds", () => {
  it("Install for other firmware, Update for another version, Reinstall for the same", () => {
    expect(installKind(manifest, info("WLED", "0.14"))).to.equal("install");
    expect(installKind(manifest, info("ESPHome", "2024.5.0"))).to.equal("update");
    expect(installKind(manifest, info("ESPHome", "2024.6.0"))).to.equal("reinstall");
  });

  it("lets checkSameFirmware decide what counts as the same firmware", () => {
    const overrides = {
      checkSameFirmware: (_m: Manifest, i: ImprovDeviceInfo) => i.firmware.startsWith("esphome-"),
    };
    expect(installKind(manifest, info("esphome-kitchen", "2024.6.0"), overrides)).to.equal(
      "reinstall",
    );
    expect(installKind(manifest, info("ESPHome", "2024.5.0"), overrides)).to.equal("install");
  });

  it("links Home Assistant's config flow for the domain, escaped", () => {
    expect(homeAssistantLink("esphome")).to.equal(
      "https://my.home-assistant.io/redirect/config_flow_start/?domain=esphome",
    );
    expect(homeAssistantLink("a&b")).to.equal(
      "https://my.home-assistant.io/redirect/config_flow_start/?domain=a%26b",
    );
  });

  it("turns only http(s) URLs from a device into links", () => {
    expect(safeUrl("http://192.168.1.20")).to.equal("http://192.168.1.20/");
    expect(safeUrl("javascript:alert(1)")).to.equal(undefined);
    expect(safeUrl("not a url")).to.equal(undefined);
  });
});
