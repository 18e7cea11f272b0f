import { aTimeout, expect, fixture, html, waitUntil } from "@open-wc/testing";
import type { SerialPortLike } from "../core-types.js";
import "./esp-flash-console.js";
import type { EspFlashConsole } from "./esp-flash-console.js";

/** An in-memory port: records what is written and opened, and lets the test "receive" text. */
function memoryPort() {
  const sent: string[] = [], bauds: number[] = [], signals: object[] = [];
  let push: ((s: string) => void) | undefined;
  const port = {
    readable: null as ReadableStream<Uint8Array> | null,
    writable: null as WritableStream<Uint8Array> | null,
    async open({ baudRate }: { baudRate: number }) {
      bauds.push(baudRate);
      port.readable = new ReadableStream({ start: (c) => { push = (s) => c.enqueue(new TextEncoder().encode(s)); } });
      port.writable = new WritableStream({ write: (chunk) => { sent.push(new TextDecoder().decode(chunk)); } });
    },
    async close() { port.readable = null; port.writable = null; },
    async setSignals(s: object) { signals.push(s); },
  };
  return { port: port as SerialPortLike, sent, bauds, signals, receive: (s: string) => push?.(s) };
}

describe("<esp-flash-console>", () => {
  it("shows output, sends REPL lines and Ctrl-C, resets, switches baud", async () => {
    const m = memoryPort();
    const el = await fixture<EspFlashConsole>(html`<esp-flash-console .port=${m.port} .history=${["flashed"]}></esp-flash-console>`);
    await waitUntil(() => m.bauds.length === 1);
    m.receive(">>> ");
    await waitUntil(() => el.text.includes(">>>"));
    const root = el.shadowRoot!;
    root.querySelector<HTMLInputElement>("input[name=line]")!.value = "print(1)";
    root.querySelector("form")!.requestSubmit();
    const buttons = [...root.querySelectorAll<HTMLButtonElement>("button")];
    buttons.find((b) => b.textContent === "Ctrl-C")!.click();
    await waitUntil(() => m.sent.length === 2);
    expect(m.sent).to.deep.equal(["print(1)\r", "\x03"]);
    buttons.find((b) => b.textContent === "Reset board")!.click();
    await waitUntil(() => m.signals.length === 2);
    expect(m.signals[0]).to.deep.equal({ dataTerminalReady: false, requestToSend: true });
    const select = root.querySelector("select")!;
    select.value = "74880";
    select.dispatchEvent(new Event("change"));
    await waitUntil(() => m.bauds.length === 2);
    expect(m.bauds).to.deep.equal([115200, 74880]);
    await aTimeout(0);
    await expect(el).to.be.accessible();
  });
});
