// Loaded when the board answers Improv: its dashboard, Wi-Fi setup and the links it earns.
import { renderDashboard } from "../dashboard.js";
import { deviceLinkStyles } from "../device-links.js";
import { renderProvisioned } from "../provisioned.js";
import type { ViewSet } from "../registry.js";
import { renderWifi, renderWifiConnecting, wifiStyles } from "../wifi.js";
import { networkStyles } from "../wifi-networks.js";

export const views: ViewSet = {
  renderers: {
    dashboard: renderDashboard,
    wifi: renderWifi,
    "wifi-connecting": (v) => renderWifiConnecting(v),
    provisioned: renderProvisioned,
  },
  styles: [deviceLinkStyles, wifiStyles, networkStyles],
};
