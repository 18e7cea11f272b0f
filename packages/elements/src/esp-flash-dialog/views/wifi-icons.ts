// Signal strength and lock icons for the network list (SVG, labelled for screen readers).
import { msg } from "@lit/localize";
import { svg } from "lit";

/** 1–4 bars from RSSI in dBm (thresholds as phones draw them). */
export function signalBars(rssi: number): number {
  return rssi >= -55 ? 4 : rssi >= -67 ? 3 : rssi >= -78 ? 2 : 1;
}

export function signalLabel(bars: number): string {
  return [
    msg("Signal: weak", { id: "wifi.signal-weak" }),
    msg("Signal: fair", { id: "wifi.signal-fair" }),
    msg("Signal: good", { id: "wifi.signal-good" }),
    msg("Signal: excellent", { id: "wifi.signal-excellent" }),
  ][bars - 1]!;
}

export const signalIcon = (
  bars: number,
) => svg`<svg class="wifi-icon" viewBox="0 0 16 16" role="img" aria-label=${signalLabel(bars)}>
  ${[0, 1, 2, 3].map(
    (i) => svg`<rect x=${1 + i * 4} y=${12 - i * 3.5} width="3" height=${3 + i * 3.5} rx="0.5"
    class=${i < bars ? "on" : "off"}></rect>`,
  )}</svg>`;

export const lockIcon =
  () => svg`<svg class="wifi-icon" viewBox="0 0 16 16" role="img" aria-label=${msg("Secured", { id: "wifi.secured" })}>
  <rect x="3" y="7" width="10" height="8" rx="1.5" class="on"></rect>
  <path d="M5 7V5a3 3 0 0 1 6 0v2" fill="none" stroke="currentColor" stroke-width="1.6"></path></svg>`;
