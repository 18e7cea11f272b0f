// Where "Add to Home Assistant" goes, and how the manifest's firmware compares with the board's.
import type { ImprovDeviceInfo, Manifest } from "../../core-types.js";
import type { InstallKind } from "./improv-view-state.js";

/** my.home-assistant.io's redirect that starts the config flow for `domain` (as ESP Web Tools links it). */
export function homeAssistantLink(domain: string): string {
  return `https://my.home-assistant.io/redirect/config_flow_start/?domain=${encodeURIComponent(domain)}`;
}

/** ESP Web Tools' `overrides` on the button: sites whose firmware names differ from the manifest's. */
export interface FlashOverrides {
  checkSameFirmware?(manifest: Manifest, improvInfo: ImprovDeviceInfo): boolean;
}

/** Install (other firmware), Update (same firmware, other version) or Reinstall (same version). */
export function installKind(
  manifest: Manifest,
  info: ImprovDeviceInfo,
  overrides?: FlashOverrides,
): InstallKind {
  const same = overrides?.checkSameFirmware
    ? overrides.checkSameFirmware(manifest, info)
    : info.firmware === manifest.name;
  if (!same) return "install";
  return info.version === manifest.version ? "reinstall" : "update";
}

/** Only http(s) URLs become links (a device could report anything). */
export function safeUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    return u.protocol === "http:" || u.protocol === "https:" ? u.href : undefined;
  } catch {
    return undefined;
  }
}
