// What a first click really fetches: the built script-tag bundle (dist/web) installs firmware on
// a virtual board without Improv. Every script the page fetched from the click to the "done" view
// (chunks and the prepare worker) must be exactly what `pnpm bench` counts as that chip's first
// click (bench/src/page-cost.mjs with the rules of bench/src/chip-chunks.mjs), so the bench can
// never under-count. After that, while "done" shows and through the wait for Improv, only the
// console's chunk may follow (fetched ahead so the console opens at once).
import { installVirtualSerial, makeSampleFirmware, VirtualEsp } from "@esp-flash/virtual-device";
import { executeServerCommand } from "@web/test-runner-commands";
import { pressWhenShown } from "../helpers/press-when-shown.js";

const BUNDLE = new URL("../../dist/web/esp-flash-button.js", import.meta.url);
const DIST = new URL("./", BUNDLE).pathname;

performance.setResourceTimingBufferSize(100_000);

/** Scripts of the build fetched so far, relative to dist/web. */
const fetched = () =>
  performance
    .getEntriesByType("resource")
    .map((e) => new URL(e.name).pathname)
    .filter((p) => p.startsWith(DIST) && p.endsWith(".js"))
    .map((p) => p.slice(DIST.length));

type Flashable = { parts: { name: string; offset: number; data: Uint8Array }[] };

/**
 * Resolves once the install ended in "done" and, after the wait for Improv, "done" shows again;
 * `atDone` runs when "done" first shows (before the dialog acts on it).
 */
function doneAfterImprovWait(el: HTMLElement, atDone: () => void): Promise<string[]> {
  const views: string[] = [];
  return new Promise((resolve, reject) => {
    el.addEventListener("esp-flash-state", (event) => {
      const { view } = (event as CustomEvent<{ view: string }>).detail;
      if (view === "done" && !views.includes("done")) atDone();
      if (views.at(-1) !== view) views.push(view);
      if (view === "done" && views.includes("improv-waiting")) resolve(views);
      if (view === "error" || view === "closed") reject(new Error(`ended in ${views.join(" → ")}`));
    });
  });
}

export async function firstClick(chip: "ESP8266" | "ESP32", firmware: Flashable): Promise<void> {
  await import(/* @vite-ignore */ BUNDLE.href);
  const device = new VirtualEsp({ chip, flashSize: "4MB" });
  const serial = installVirtualSerial([device], { keepReal: false });
  const files = new Map(firmware.parts.map((p) => [`${p.name}.bin`, p.data]));
  const el = document.createElement("esp-flash-button");
  el.manifest = {
    name: "Sample",
    // The wait for Improv after the install is shortened, not skipped: 0 would skip the probe too.
    new_install_improv_wait_time: 1,
    builds: [
      {
        chipFamily: chip,
        parts: firmware.parts.map((p) => ({ path: `${p.name}.bin`, offset: p.offset })),
      },
    ],
  };
  el.fetch = async (input) => {
    const name = new URL(String(input), location.href).pathname.split("/").pop()!;
    const body = files.get(name);
    return body ? new Response(body.slice()) : new Response("not found", { status: 404 });
  };
  document.body.append(el);
  try {
    const before = new Set(fetched());
    const since = () => fetched().filter((f) => !before.has(f));
    let loaded: string[] = [];
    pressWhenShown(el, "menu", "Install Sample", true);
    pressWhenShown(el, "summary", "Install");
    const ended = doneAfterImprovWait(el, () => (loaded = since()));
    el.shadowRoot!.querySelector("button")!.click();
    const views = await ended;
    if (!views.includes("probing") || !views.includes("verifying"))
      throw new Error(`not a whole install: ${views.join(" → ")}`);
    if (!device.lastBoot?.ok) throw new Error(`board did not boot clean:\n${device.bootLog}`);

    const counted = await executeServerCommand<string[], { chip: string }>("first-click-files", {
      chip,
    });
    const uncounted = loaded.filter((f) => !counted!.includes(f));
    const unused = counted!.filter((f) => !loaded.includes(f));
    if (uncounted.length || unused.length)
      throw new Error(
        `the bench's first click for ${chip} differs from what the browser fetched:\n` +
          `fetched, not counted: [${uncounted.join(", ")}]\ncounted, not fetched: [${unused.join(", ")}]`,
      );
    if (!loaded.includes("prepare-worker.js"))
      throw new Error(`the install did not start its prepare worker: ${loaded.join(", ")}`);
    const later = since().filter((f) => !loaded.includes(f));
    if (later.some((f) => !/^chunks\/esp-flash-console-/.test(f)))
      throw new Error(`after "done", more than the console was fetched: ${later.join(", ")}`);
  } finally {
    el.remove();
    serial.uninstall();
  }
}

export const sample = (kind: "app" | "esp32-parts", chip?: "ESP8266") =>
  makeSampleFirmware(kind, chip ? { chip } : {});
