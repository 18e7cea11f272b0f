// Wi-Fi setup over Improv: scan, choose or type a network, join, and say why joining failed.
import type { ImprovNetwork } from "../../core-types.js";
import type { FlashController } from "../controller.js";
import type { DeviceLinks, WifiFailure } from "./improv-view-state.js";
import type { ImprovEvents, ImprovLike } from "./improv-flow.js";
import { safeUrl } from "./links.js";

/** How long a device may take to join the network: ESP Web Tools waits 45 s, some boards need > 30 s. */
export const PROVISION_TIMEOUT_MS = 45_000;

/** What Wi-Fi setup needs from the Improv flow around it. */
export interface WifiContext {
  readonly controller: FlashController;
  readonly events: ImprovEvents;
  client(): ImprovLike | undefined;
  deviceName(): string | undefined;
  afterInstall(): boolean;
  /** Changes when the person moves on: a slow step that sees it changed stops. */
  generation(): number;
  links(url: string | undefined): DeviceLinks;
}

export class WifiSetup {
  constructor(private readonly ctx: WifiContext) {}

  show(): void {
    this.ctx.controller.show({
      name: "wifi",
      networks: undefined,
      selected: null,
      afterInstall: this.ctx.afterInstall(),
      deviceName: this.ctx.deviceName(),
    });
    void this.scan(null);
  }

  select(ssid: string | null): void {
    const v = this.ctx.controller.view;
    if (v.name === "wifi") this.ctx.controller.show({ ...v, selected: ssid, failure: undefined });
  }

  rescan(): void {
    const v = this.ctx.controller.view;
    if (v.name !== "wifi" || v.networks === undefined) return;
    this.ctx.controller.show({ ...v, networks: undefined });
    void this.scan(v.selected, v.failure);
  }

  async connect(ssid: string, password: string): Promise<void> {
    const client = this.ctx.client();
    if (!client || !ssid) return;
    const gen = this.ctx.generation();
    // Wi-Fi names are at most 32 bytes of UTF-8 (maxlength counts characters): say so here
    // rather than send what the device cannot take.
    if (new TextEncoder().encode(ssid).length > 32) {
      const failure = { kind: "ssid-too-long" as const, ssid };
      const v = this.ctx.controller.view;
      this.ctx.controller.show({
        name: "wifi",
        networks: v.name === "wifi" ? v.networks : undefined,
        selected: v.name === "wifi" ? v.selected : null,
        afterInstall: this.ctx.afterInstall(),
        deviceName: this.ctx.deviceName(),
        failure,
      });
      if (v.name !== "wifi" || v.networks === undefined) await this.scan(null, failure);
      return;
    }
    this.ctx.events.provisioning({ ssid });
    this.ctx.controller.show({ name: "wifi-connecting", ssid });
    try {
      const url = await client.provision(ssid, password, PROVISION_TIMEOUT_MS);
      if (gen !== this.ctx.generation()) return;
      // The page gets the same checked URL the dialog links to: a device can report anything.
      const visit = safeUrl(url);
      this.ctx.events.provisioned({ ssid, ...(visit ? { url: visit } : {}) });
      this.ctx.controller.show({
        name: "provisioned",
        ssid,
        deviceName: this.ctx.deviceName(),
        links: this.ctx.links(url),
        afterInstall: this.ctx.afterInstall(),
      });
    } catch (e) {
      if (gen !== this.ctx.generation()) return;
      const code = (e as { code?: string }).code;
      const kind: WifiFailure =
        code === "improv-unable-to-connect"
          ? "wrong-password"
          : code === "improv-timeout"
            ? "timeout"
            : "lost";
      this.ctx.controller.show({
        name: "wifi",
        networks: undefined,
        selected: ssid,
        afterInstall: this.ctx.afterInstall(),
        deviceName: this.ctx.deviceName(),
        failure: { kind, ssid },
      });
      if (kind !== "lost") await this.scan(ssid, { kind, ssid });
    }
  }

  private async scan(
    selected: string | null,
    failure?: { kind: WifiFailure; ssid: string },
  ): Promise<void> {
    const client = this.ctx.client();
    if (!client) return;
    const gen = this.ctx.generation();
    let networks: ImprovNetwork[] | null;
    try {
      networks = await client.scan(15_000);
      // Right after boot a scan may still be empty; ask once more.
      if (networks.length === 0) networks = await client.scan(15_000);
    } catch (e) {
      networks = (e as { code?: string }).code === "improv-unknown-command" ? null : [];
    }
    const v = this.ctx.controller.view;
    if (gen !== this.ctx.generation() || v.name !== "wifi") return;
    const listed = (ssid: string | null) => ssid !== null && networks?.some((n) => n.ssid === ssid);
    const pick =
      selected !== null && (listed(selected) || failure) ? selected : (networks?.[0]?.ssid ?? null);
    const kind =
      failure?.kind === "wrong-password" && !listed(failure.ssid) ? "unreachable" : failure?.kind;
    this.ctx.controller.show({
      ...v,
      networks,
      selected: listed(pick) ? pick : null,
      ...(failure && kind ? { failure: { kind, ssid: failure.ssid } } : {}),
    });
  }
}
