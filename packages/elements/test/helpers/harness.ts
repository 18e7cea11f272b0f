// Drives <esp-flash-button> through its dialog against a VirtualEsp, with firmware served by a
// fake fetch (no network). Used by the flow tests and the strict-CSP page.
import { installVirtualSerial, makeSampleFirmware, VirtualEsp } from "@esp-flash/virtual-device";
import "../../src/esp-flash-button/define.js";
import type { EspFlashButton } from "../../src/esp-flash-button/esp-flash-button.js";
import type { EspFlashDialog } from "../../src/esp-flash-dialog/esp-flash-dialog.js";
import type { ViewName } from "../../src/esp-flash-dialog/view-state.js";

export type Files = Map<string, Uint8Array>;

/** A fetch that answers from `files` (by path name) and 404s everything else. */
export function fakeFetch(files: Files, requests: string[] = []): typeof fetch {
  return async (input) => {
    const url = new URL(input instanceof Request ? input.url : String(input), location.href);
    requests.push(url.pathname);
    const body = files.get(url.pathname.split("/").pop()!);
    return body
      ? new Response(body.slice())
      : new Response("not found", { status: 404, statusText: "Not Found" });
  };
}

export interface Mounted {
  el: EspFlashButton;
  views: ViewName[];
  requests: string[];
  /** The virtual board's port: `readable` is null while nobody holds it open. */
  port: { readonly readable: ReadableStream<Uint8Array> | null };
  /** Clicks the button, as a person would. */
  start(): Promise<void>;
  dialog(): EspFlashDialog | null;
  until(name: ViewName, timeoutMs?: number): Promise<EspFlashDialog>;
  press(label: string): Promise<void>;
  text(): string;
  done(): void;
}

export function mount(o: {
  device: VirtualEsp;
  manifest: object;
  files: Files;
  erase?: "auto" | "prompt" | "always" | "never";
  choose?: () => "port" | null;
  parent?: HTMLElement;
  /** The menu a board without Improv opens on: pass it with its Install (as a person who came
   * to install does; default), or stay on it (tests of the menu itself). */
  menu?: "install" | "stay";
  /** How the board is offered to the page; default: a virtual Web Serial port. */
  connect?: () => { uninstall(): void; ports?: readonly Mounted["port"][] };
}): Mounted {
  const install = o.connect
    ? o.connect()
    : installVirtualSerial([o.device], {
        keepReal: false,
        choose: (ports) => ((o.choose ? o.choose() : "port") === "port" ? ports[0] : null),
      });
  const requests: string[] = [];
  const el = document.createElement("esp-flash-button");
  el.manifest = o.manifest;
  el.erase = o.erase ?? "prompt";
  el.fetch = fakeFetch(o.files, requests);
  const views: ViewName[] = [];
  el.addEventListener("esp-flash-state", (e) => {
    if (views.at(-1) !== e.detail.view) views.push(e.detail.view);
  });
  (o.parent ?? document.body).appendChild(el);
  const dialog = () => el.shadowRoot!.querySelector("esp-flash-dialog");
  const m: Mounted = {
    el,
    views,
    requests,
    dialog,
    port: install.ports?.[0] ?? { readable: null },
    // The button renders when connected: no update to wait for.
    start: async () => {
      if (o.menu !== "stay") pressMenuInstall(el);
      el.shadowRoot!.querySelector("button")!.click();
    },
    // Listens before it looks, so a view shown and left in between is not missed.
    until: (name, timeoutMs = 120_000) =>
      new Promise((resolve, reject) => {
        const why = () => {
          const v = dialog()?.view;
          return v?.name === "error" ? `: ${v.error.details}` : "";
        };
        const stop = () => {
          el.removeEventListener("esp-flash-state", on);
          clearTimeout(timer);
        };
        const reached = async () => {
          stop();
          const d = dialog()!;
          await d.updateComplete;
          resolve(d);
        };
        const on = (e: CustomEvent<{ view: string }>) => {
          if (e.detail.view === name) void reached();
        };
        el.addEventListener("esp-flash-state", on);
        const timer = setTimeout(() => {
          stop();
          reject(new Error(`no "${name}" view; saw ${views.join(" → ")}${why()}`));
        }, timeoutMs);
        if (dialog()?.view.name === name) void reached();
      }),
    press: async (label) => {
      const d = dialog()!;
      await d.updateComplete;
      const b = [...d.shadowRoot!.querySelectorAll("button")].find(
        (x) => x.textContent?.trim() === label,
      );
      if (!b) throw new Error(`no "${label}" button in ${d.view.name}`);
      b.click();
    },
    text: () =>
      dialog()?.shadowRoot!.querySelector("dialog")?.textContent?.replace(/\s+/g, " ") ?? "",
    done: () => {
      install.uninstall();
      el.remove();
    },
  };
  return m;
}

/** Presses the menu's Install once, the next time the menu shows. */
export function pressMenuInstall(el: HTMLElement): void {
  const on = async (e: Event) => {
    if ((e as CustomEvent<{ view: string }>).detail.view !== "menu") return;
    el.removeEventListener("esp-flash-state", on);
    const d = el.shadowRoot!.querySelector("esp-flash-dialog")!;
    await d.updateComplete;
    d.shadowRoot!.querySelector<HTMLButtonElement>(".menu [part~=primary]")!.click();
  };
  el.addEventListener("esp-flash-state", on);
}

/** A manifest object with one build per entry; parts are served as `<name>.bin`. */
export function manifestOf(
  builds: { chipFamily: string; name?: string; parts: { name: string; offset: number }[] }[],
) {
  return {
    name: "Sample firmware",
    version: "1.0",
    // These boards run no Improv firmware: skip the probe and the wait for it (Improv tests set their own).
    new_install_improv_wait_time: 0,
    builds: builds.map((b) => ({
      ...b,
      parts: b.parts.map((p) => ({ path: `${p.name}.bin`, offset: p.offset })),
    })),
  };
}

/** The MicroPython ESP8266 sample (the seed case) as the `files` and `manifest` that `mount` takes. */
export function micropythonFirmware() {
  const fw = makeSampleFirmware("micropython-esp8266");
  return {
    files: new Map(fw.parts.map((p) => [`${p.name}.bin`, p.data])) as Files,
    manifest: manifestOf([
      { chipFamily: "ESP8266", parts: fw.parts.map((p) => ({ name: p.name, offset: p.offset })) },
    ]),
  };
}

/** The next `esp-flash-error` the button fires. */
export function nextError(el: EspFlashButton): Promise<HTMLElementEventMap["esp-flash-error"]> {
  return new Promise((resolve) => el.addEventListener("esp-flash-error", resolve, { once: true }));
}

/**
 * The seed case on a blank ESP8266, clicked once, for installs that cannot start (a chunk that
 * fails to load, a foreign element): the mounted button, the board and the error's detail.
 */
export async function clickUntilError() {
  const device = new VirtualEsp({ chip: "ESP8266", flashSize: "4MB" });
  const m = mount({ device, ...micropythonFirmware() });
  const error = nextError(m.el);
  await m.start();
  return { m, device, error: (await error).detail };
}
