import { aTimeout, expect, fixture, html } from "@open-wc/testing";
import { waitUntil } from "../../test/helpers/wait-until.js";
import "./esp-flash-console.js";
import type { EspFlashConsole } from "./esp-flash-console.js";
import { LineHistory, pasteMode } from "./micropython.js";
import { memoryPort } from "../../test/helpers/memory-port.js";

const button = (el: EspFlashConsole, text: string) =>
  [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>("button")].find((b) =>
    b.textContent!.includes(text),
  )!;

describe("<esp-flash-console>", () => {
  it("shows output, sends REPL lines, Ctrl-C and Ctrl-D, resets, switches baud", async () => {
    const m = memoryPort();
    const el = await fixture<EspFlashConsole>(
      html`<esp-flash-console .port=${m.port} .history=${["flashed"]}></esp-flash-console>`,
    );
    await waitUntil(() => m.bauds.length === 1);
    m.receive(">>> ");
    await waitUntil(() => el.text.includes(">>>"));
    const root = el.shadowRoot!;
    const input = root.querySelector<HTMLInputElement>("input[name=line]")!;
    expect(input.placeholder).to.equal("Python code; ↑ ↓ for earlier lines");
    input.value = "print(1)";
    root.querySelector("form")!.requestSubmit();
    button(el, "Ctrl-C").click();
    button(el, "Ctrl-D").click();
    await waitUntil(() => m.sent.length === 3);
    expect(m.sent).to.deep.equal(["print(1)\r", "\x03", "\x04"]);
    button(el, "Reset board").click();
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

  it("walks back through sent lines with the arrow keys", async () => {
    const m = memoryPort();
    const el = await fixture<EspFlashConsole>(
      html`<esp-flash-console .port=${m.port}></esp-flash-console>`,
    );
    const input = el.shadowRoot!.querySelector<HTMLInputElement>("input[name=line]")!;
    for (const line of ["a = 1", "b = 2"]) {
      input.value = line;
      el.shadowRoot!.querySelector("form")!.requestSubmit();
    }
    input.value = "draft";
    const key = (k: string) =>
      input.dispatchEvent(new KeyboardEvent("keydown", { key: k, cancelable: true }));
    key("ArrowUp");
    expect(input.value).to.equal("b = 2");
    key("ArrowUp");
    expect(input.value).to.equal("a = 1");
    key("ArrowUp");
    expect(input.value).to.equal("a = 1");
    key("ArrowDown");
    expect(input.value).to.equal("b = 2");
    key("ArrowDown");
    expect(input.value).to.equal("draft");
  });

  it("sends pasted multi-line code through MicroPython's paste mode", async () => {
    const m = memoryPort();
    const el = await fixture<EspFlashConsole>(
      html`<esp-flash-console .port=${m.port}></esp-flash-console>`,
    );
    await waitUntil(() => m.bauds.length === 1);
    const code = "def f():\n    return 1\n\nprint(f())\n";
    const paste = new ClipboardEvent("paste", {
      clipboardData: new DataTransfer(),
      cancelable: true,
    });
    paste.clipboardData!.setData("text/plain", code);
    el.shadowRoot!.querySelector("input[name=line]")!.dispatchEvent(paste);
    expect(paste.defaultPrevented).to.equal(true);
    // Pasted into the terminal itself, too.
    const textarea = el.shadowRoot!.querySelector<HTMLTextAreaElement>(".xterm-helper-textarea")!;
    const again = new ClipboardEvent("paste", {
      clipboardData: new DataTransfer(),
      cancelable: true,
      bubbles: true,
    });
    again.clipboardData!.setData("text/plain", "x = 1\ny = 2");
    textarea.dispatchEvent(again);
    await waitUntil(() => m.sent.length === 2);
    expect(m.sent).to.deep.equal([
      "\x05def f():\r    return 1\r\rprint(f())\r\x04",
      "\x05x = 1\ry = 2\r\x04",
    ]);
  });

  it("waits for the board after it goes away (a native-USB reset), then reads on", async () => {
    const m = memoryPort();
    const el = await fixture<EspFlashConsole>(
      html`<esp-flash-console .port=${m.port}></esp-flash-console>`,
    );
    await waitUntil(() => m.bauds.length === 1);
    m.unplug();
    await waitUntil(() =>
      el.shadowRoot!.querySelector(".status")?.textContent?.includes("waiting for it to come back"),
    );
    m.plugIn();
    await waitUntil(() => m.bauds.length === 2, "did not reopen the port");
    await waitUntil(() => !el.shadowRoot!.querySelector(".status"));
    expect(m.bauds).to.deep.equal([115200, 115200]); // reopened once, at the same baud
    m.receive("MicroPython v1.24\r\n>>> ");
    await waitUntil(() => el.text.includes("MicroPython v1.24"));
    el.shadowRoot!.querySelector<HTMLInputElement>("input[name=line]")!.value = "1+1";
    el.shadowRoot!.querySelector("form")!.requestSubmit();
    await waitUntil(() => m.sent.includes("1+1\r"));
  });

  it("offers the whole session as a plain-text log", async () => {
    const m = memoryPort();
    const el = await fixture<EspFlashConsole>(
      html`<esp-flash-console .port=${m.port} .history=${["Hash of data verified."]}></esp-flash-console>`,
    );
    await waitUntil(() => m.bauds.length === 1);
    m.receive("\x1b[0;32mI (31) boot: ESP-IDF\x1b[0m\r\n");
    await waitUntil(() => el.text.includes("boot"));
    const blobs: Blob[] = [];
    const original = URL.createObjectURL;
    URL.createObjectURL = (b: Blob | MediaSource) => {
      blobs.push(b as Blob);
      return "blob:none";
    };
    try {
      button(el, "Download log").click();
    } finally {
      URL.createObjectURL = original;
    }
    expect(await blobs[0]!.text()).to.equal("Hash of data verified.\nI (31) boot: ESP-IDF\r\n");
  });

  it("styles xterm through adopted stylesheets: no <style> or style attribute in its tree", async () => {
    const m = memoryPort();
    const el = await fixture<EspFlashConsole>(
      html`<esp-flash-console .port=${m.port}></esp-flash-console>`,
    );
    m.receive("hello\r\n");
    await waitUntil(() =>
      el.shadowRoot!.querySelector(".xterm-rows")?.textContent?.includes("hello"),
    );
    expect(el.shadowRoot!.querySelectorAll("style").length).to.equal(0);
    expect(el.shadowRoot!.adoptedStyleSheets.length).to.be.greaterThan(1);
    const row = el.shadowRoot!.querySelector(".xterm-rows > div")!;
    expect(getComputedStyle(row).fontFamily).to.contain("monospace");
  });

  it("fits the terminal to its box", async () => {
    const m = memoryPort();
    const el = await fixture<EspFlashConsole>(
      html`<esp-flash-console style="width: 400px" .port=${m.port}></esp-flash-console>`,
    );
    const term = el.shadowRoot!.querySelector<HTMLElement>(".term")!;
    await waitUntil(() => el.shadowRoot!.querySelector(".xterm-screen"));
    await aTimeout(50);
    const screen = el.shadowRoot!.querySelector<HTMLElement>(".xterm-screen")!;
    expect(screen.getBoundingClientRect().width).to.be.at.most(term.clientWidth);
    expect(screen.getBoundingClientRect().width).to.be.greaterThan(term.clientWidth * 0.8);
  });
});

describe("MicroPython helpers", () => {
  it("wraps code for paste mode", () => {
    expect(pasteMode("a\r\nb\n")).to.equal("\x05a\rb\r\x04");
  });
  it("keeps a bounded history without repeats", () => {
    const h = new LineHistory(2);
    for (const l of ["1", "1", "2", "3", " "]) h.add(l);
    expect([h.back(""), h.back(""), h.back("")]).to.deep.equal(["3", "2", "2"]);
  });
});
