// The Improv Wi-Fi views as plain data (device dashboard, Wi-Fi setup), and what they can ask for.
import type { ImprovDeviceInfo, ImprovNetwork, ImprovState, Manifest } from "../../core-types.js";

/** How the manifest's firmware relates to what the board runs. */
export type InstallKind = "install" | "update" | "reinstall";

export interface DeviceLinks {
  /** "Visit device": the URL the firmware reported. */
  url?: string;
  /** "Add to Home Assistant", from the manifest's home_assistant_domain. */
  homeAssistant?: string;
  /** "Fund development", from the manifest's funding_url (shown for the same firmware). */
  funding?: string;
}

/** Why joining failed, as far as a fresh scan can tell. */
export type WifiFailure = "wrong-password" | "unreachable" | "timeout" | "lost" | "ssid-too-long";

export type DeviceView =
  /** Looking for Improv firmware on the board (≈1.5 s when the dialog opens). */
  | { name: "probing" }
  /** Installed; waiting up to `seconds` for the new firmware to answer Improv. */
  /** `pressReset`: the port did not reset the board, so the firmware waits for its RESET button. */
  | { name: "improv-waiting"; manifest: Manifest; seconds: number; pressReset?: boolean }
  | {
      name: "dashboard";
      info: ImprovDeviceInfo;
      state: ImprovState;
      manifest: Manifest;
      kind: InstallKind;
      links: DeviceLinks;
      canErase: boolean;
    };

export type WifiView =
  | {
      name: "wifi";
      networks: ImprovNetwork[] | undefined | null;
      selected: string | null;
      failure?: { kind: WifiFailure; ssid: string };
      afterInstall: boolean;
      deviceName?: string;
    }
  | { name: "wifi-connecting"; ssid: string }
  | {
      name: "provisioned";
      ssid?: string;
      deviceName?: string;
      links: DeviceLinks;
      afterInstall: boolean;
    };

export interface ImprovActions {
  /** Dashboard: install/update/reinstall the manifest's firmware; `erase` wipes user data first. */
  installFirmware(kind: InstallKind, erase?: boolean): void;
  /** Open the Wi-Fi form (scans). */
  showWifi(): void;
  selectNetwork(ssid: string | null): void;
  rescan(): void;
  connectWifi(ssid: string, password: string): void;
  /** Leave Wi-Fi setup: to the dashboard, or to the install result after an install. */
  skipWifi(): void;
}
