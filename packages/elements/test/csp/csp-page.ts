// Runs a whole install inside a page with a strict CSP and enforced Trusted Types, and
// publishes the outcome (plus every CSP violation) on window for csp.test.ts to read.
import { makeSampleFirmware, VirtualEsp } from "@esp-flash/virtual-device";
import { Deflate } from "pako";
import { manifestOf, mount } from "../helpers/harness.js";

// Who compressed the images: deflate calls on this thread (core's pako is this module too)
// and every reply any worker sent, by kind.
let pageDeflates = 0;
const push = Deflate.prototype.push;
Deflate.prototype.push = function (...args: Parameters<typeof push>) {
  pageDeflates++;
  return push.apply(this, args);
};
const workerReplies: Record<string, number> = {};
window.Worker = class extends window.Worker {
  constructor(url: string | URL, options?: WorkerOptions) {
    super(url, options);
    this.addEventListener("message", (e: MessageEvent<{ kind?: string }>) => {
      const kind = e.data.kind ?? "?";
      workerReplies[kind] = (workerReplies[kind] ?? 0) + 1;
    });
  }
};

const violations: string[] = [];
document.addEventListener("securitypolicyviolation", (e) =>
  violations.push(`${e.violatedDirective}: ${e.blockedURI}`),
);

let seenBeforeProbe = 0;

async function run() {
  const device = new VirtualEsp({ chip: "ESP8266", flashSize: "4MB" });
  const fw = makeSampleFirmware("micropython-esp8266");
  const files = new Map(fw.parts.map((p) => [`${p.name}.bin`, p.data]));
  const manifest = manifestOf([
    { chipFamily: "ESP8266", parts: fw.parts.map((p) => ({ name: p.name, offset: p.offset })) },
  ]);
  manifest.name = "<img src=x onerror=alert(1)>";
  const m = mount({ device, files, manifest, erase: "never" });
  await m.start();
  await m.until("summary");
  const hostileAsText =
    m.text().includes("<img src=x onerror=alert(1)>") &&
    !m.dialog()!.shadowRoot!.querySelector("img");
  // The backup first: a Blob download through an <a download>, recorded instead of saved.
  const before = device.flash.read(0, device.flash.size);
  const saved: Promise<{ name: string; bytes: Uint8Array }>[] = [];
  const click = HTMLAnchorElement.prototype.click;
  HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
    saved.push(
      fetch(this.href)
        .then((r) => r.arrayBuffer())
        .then((b) => ({ name: this.download, bytes: new Uint8Array(b) })),
    );
  };
  m.dialog()!.shadowRoot!.querySelector<HTMLInputElement>("label.backup input")!.click();
  await m.press("Install");
  // A whole install with a backup read: give a loaded machine time (the harness default is 25 s).
  await m.until("done", 60_000);
  HTMLAnchorElement.prototype.click = click;
  const downloads = await Promise.all(saved);
  const backupOk =
    downloads.length === 1 &&
    /^esp8266_.+\.bin$/.test(downloads[0]!.name) &&
    downloads[0]!.bytes.length === before.length &&
    downloads[0]!.bytes.every((b, i) => b === before[i]);
  const prepared = {
    pageDeflates,
    workerReplies: { ...workerReplies },
    parts: fw.parts.length,
    log: m.dialog()!.log.filter((line) => line.includes("Web Worker")),
  };
  await m.press("Open console");
  await m.until("console");
  await customElements.whenDefined("esp-flash-console");
  for (let i = 0; i < 60 && !terminalRow(m.dialog()!); i++)
    await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, 300)); // let the terminal render (and any violation event arrive)
  seenBeforeProbe = violations.length;
  return {
    bootOk: device.lastBoot?.ok ?? false,
    hostileAsText,
    backupOk,
    terminalFont: terminalFont(m.dialog()!),
    enforced: probe(),
    prepared,
  };
}

/** The terminal keeps the monospace font its (adopted) styles give it (else: the font it got). */
function terminalFont(dialog: Element): boolean | string {
  const row = terminalRow(dialog);
  return (
    !!row &&
    (getComputedStyle(row).fontFamily.includes("monospace") || getComputedStyle(row).fontFamily)
  );
}
const terminalRow = (dialog: Element) =>
  dialog
    .shadowRoot!.querySelector("esp-flash-console")
    ?.shadowRoot?.querySelector(".xterm-rows > div");

/** Proves the policy is really in force: an inline <style>, eval and a string innerHTML are all refused. */
function probe(): boolean {
  const refused = (fn: () => unknown) => {
    try {
      fn();
      return false;
    } catch {
      return true;
    }
  };
  const style = document.createElement("style");
  style.textContent = "body { --probe: 1 }";
  document.head.append(style); // style-src 'self': an inline <style> must not apply
  const styleRefused = getComputedStyle(document.body).getPropertyValue("--probe") === "";
  style.remove();
  return (
    styleRefused &&
    refused(() => new Function("return 1")) &&
    refused(() => {
      document.createElement("div").innerHTML = "<b>x</b>";
    })
  );
}

declare global {
  interface Window {
    cspResult?: Promise<object>;
  }
}
window.cspResult = run().then(
  (r) => ({ ...r, violations: violations.slice(0, seenBeforeProbe) }),
  (e: Error) => ({ error: e.message, violations }),
);
