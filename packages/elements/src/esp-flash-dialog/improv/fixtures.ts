// Fixture data for the Improv views' stories and screenshots (not part of the build).
import type { ImprovDeviceInfo, ImprovNetwork, Manifest } from "../../core-types.js";
import type { View } from "../view-state.js";

export const improvManifest: Manifest = {
  name: "ESPHome",
  version: "2024.6.0",
  home_assistant_domain: "esphome",
  funding_url: "https://esphome.io/guides/supporters.html",
  builds: [],
};
export const deviceInfo: ImprovDeviceInfo = {
  firmware: "ESPHome",
  version: "2024.5.2",
  chipFamily: "ESP32-C3",
  name: "kitchen-sensor",
};
export const networks: ImprovNetwork[] = [
  { ssid: "HomeNet", rssi: -48, secured: true },
  { ssid: "Garden", rssi: -71, secured: true },
  { ssid: "Café Guest", rssi: -83, secured: false },
];
const links = {
  url: "http://kitchen-sensor.local",
  homeAssistant: "https://my.home-assistant.io/redirect/config_flow_start/?domain=esphome",
};

export const improvViews: Record<string, View> = {
  probing: { name: "probing" },
  waiting: { name: "improv-waiting", manifest: improvManifest, seconds: 10 },
  waitingPressReset: {
    name: "improv-waiting",
    manifest: improvManifest,
    seconds: 10,
    pressReset: true,
  },
  dashboard: {
    name: "dashboard",
    info: deviceInfo,
    state: "provisioned",
    manifest: improvManifest,
    kind: "update",
    links: { ...links, funding: improvManifest.funding_url! },
    canErase: true,
  },
  scanning: {
    name: "wifi",
    networks: undefined,
    selected: null,
    afterInstall: true,
    deviceName: deviceInfo.name,
  },
  wifi: {
    name: "wifi",
    networks,
    selected: "HomeNet",
    afterInstall: true,
    deviceName: deviceInfo.name,
  },
  wrongPassword: {
    name: "wifi",
    networks,
    selected: "HomeNet",
    afterInstall: false,
    deviceName: deviceInfo.name,
    failure: { kind: "wrong-password", ssid: "HomeNet" },
  },
  joinOther: {
    name: "wifi",
    networks,
    selected: null,
    afterInstall: false,
    deviceName: deviceInfo.name,
    failure: { kind: "unreachable", ssid: "Attic" },
  },
  connecting: { name: "wifi-connecting", ssid: "HomeNet" },
  provisioned: {
    name: "provisioned",
    ssid: "HomeNet",
    deviceName: deviceInfo.name,
    links,
    afterInstall: true,
  },
};
