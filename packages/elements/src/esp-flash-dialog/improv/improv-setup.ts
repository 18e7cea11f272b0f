// What follows once a board answers Improv, loaded only then: its dashboard, the "provisioned"
// view, Wi-Fi setup, and the links the device earns.
import type { ImprovDeviceInfo, Manifest } from "../../core-types.js";
import type { DeviceLinks } from "./improv-view-state.js";
import { homeAssistantLink, installKind, safeUrl, type FlashOverrides } from "./links.js";
import { WifiSetup, type WifiContext } from "./wifi-setup.js";

export interface SetupContext extends Omit<WifiContext, "links"> {
  readonly overrides?: FlashOverrides;
  info(): ImprovDeviceInfo | undefined;
  manifest(): Manifest | undefined;
}

export class ImprovSetup {
  readonly wifi: WifiSetup;

  constructor(private readonly ctx: SetupContext) {
    this.wifi = new WifiSetup({ ...ctx, links: (url) => this.links(url) });
  }

  showDashboard(): void {
    const client = this.ctx.client(),
      info = this.ctx.info(),
      manifest = this.ctx.manifest();
    if (!client || !info || !manifest) return;
    const kind = installKind(manifest, info, this.ctx.overrides);
    const links = this.links(client.url);
    if (kind === "install") delete links.funding;
    this.ctx.controller.show({
      name: "dashboard",
      info,
      state: client.state ?? "ready",
      manifest,
      kind,
      links,
      canErase: kind !== "install" && this.ctx.controller.options.erase !== "never",
    });
  }

  /** After an install, the board already knows a network: say so, with its links. */
  showProvisioned(): void {
    this.ctx.controller.show({
      name: "provisioned",
      deviceName: this.ctx.deviceName(),
      links: this.links(this.ctx.client()?.url),
      afterInstall: true,
    });
  }

  private links(url: string | undefined): DeviceLinks {
    const m = this.ctx.manifest();
    const provisioned = this.ctx.client()?.state === "provisioned";
    const visit = safeUrl(url);
    const funding = safeUrl(m?.funding_url);
    return {
      ...(visit ? { url: visit } : {}),
      ...(m?.home_assistant_domain && provisioned
        ? { homeAssistant: homeAssistantLink(m.home_assistant_domain) }
        : {}),
      ...(funding ? { funding } : {}),
    };
  }
}
