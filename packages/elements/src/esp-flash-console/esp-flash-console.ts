import { msg, updateWhenLocaleChanges } from "@lit/localize";
import { FitAddon } from "@xterm/addon-fit";
import { Terminal } from "@xterm/xterm";
import { LitElement, html, type PropertyValues } from "lit";
import { property, query, state } from "lit/decorators.js";
import type { SerialPortLike } from "../core-types.js";
import { MONO_STACK } from "../styles/tokens.js";
import { adoptingDocument, withAdoptedStyles } from "./adopted-document.js";
import { consoleStyles } from "./esp-flash-console.styles.js";
import { CTRL_C, CTRL_D, isMultiLinePaste, LineHistory, pasteMode } from "./micropython.js";
import { SerialLink } from "./serial-link.js";

export const BAUD_RATES = [9600, 74880, 115200, 230400, 460800, 921600] as const;
type Link = "idle" | "open" | "lost" | "failed";
type SerialNavigator = Navigator & { serial?: { getPorts(): Promise<SerialPortLike[]> } };

// eslint-disable-next-line no-control-regex -- ESC starts the colour codes the log drops
const stripAnsi = (text: string) => text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "");

/**
 * A serial console for the board: terminal (type straight into it), a line input with history
 * for the MicroPython REPL, Ctrl-C, Ctrl-D soft reboot, multi-line paste through MicroPython's
 * paste mode, reset, baud rate (74880 shows the ESP8266 boot ROM), reconnection after the board
 * resets, and the session log as a download.
 *
 * @csspart terminal - The terminal area.
 */
export class EspFlashConsole extends LitElement {
  static override styles = consoleStyles;

  @property({ attribute: false }) accessor port: SerialPortLike | undefined;
  @property({ type: Number }) accessor baudRate = 115200;
  /** Text shown before the live output (the flashing log). */
  @property({ attribute: false }) accessor history: string[] = [];
  @state() private accessor link: Link = "idle";
  @state() private accessor failed = "";
  @query(".term") private accessor termBox!: HTMLElement;

  /** Everything received, for the log download. */
  text = "";
  private term: Terminal | undefined;
  private fit: FitAddon | undefined;
  private resize: ResizeObserver | undefined;
  private serial: SerialLink | undefined;
  private reconnecting: AbortController | undefined;
  private released: Promise<void> | undefined;
  private connecting: Promise<void> | undefined;
  private readonly lines = new LineHistory();

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  override firstUpdated(): void {
    const css = getComputedStyle(this);
    const color = (name: string) => css.getPropertyValue(name).trim() || undefined;
    this.term = new Terminal({
      convertEol: true,
      rows: 16,
      fontSize: 13,
      scrollback: 5000,
      fontFamily: MONO_STACK.cssText,
      theme: {
        background: color("--_terminal-bg"),
        foreground: color("--_terminal-text"),
        cursor: color("--_terminal-text"),
      },
      // xterm's own <style> elements become adopted stylesheets: nothing for a strict CSP to refuse.
      documentOverride: adoptingDocument(this.renderRoot as ShadowRoot),
    });
    this.fit = new FitAddon();
    this.term.loadAddon(this.fit);
    withAdoptedStyles(this.renderRoot as ShadowRoot, () => this.term!.open(this.termBox));
    this.term.onData((data) => void this.send(isMultiLinePaste(data) ? pasteMode(data) : data));
    for (const line of this.history) this.term.writeln(line);
    this.resize = new ResizeObserver(() => this.fit?.fit());
    this.resize.observe(this.termBox);
  }

  override updated(changed: PropertyValues<this>): void {
    if ((changed.has("port") || changed.has("baudRate")) && this.port && !this.released)
      void (this.connecting = this.connect());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    void this.release();
    this.resize?.disconnect();
    this.term?.dispose();
  }

  /** Stops reading and closes the port; settles once another reader can open it. */
  release(): Promise<void> {
    this.reconnecting?.abort();
    return (this.released ??= (async () => {
      await this.connecting; // a port still opening is closed once open
      await this.serial?.close();
      if (this.serial?.port.readable) await this.serial.port.close();
    })().catch(() => undefined));
  }

  /** The log as plain text: the flashing log, then everything the board sent. */
  logText(): string {
    return stripAnsi([...this.history, this.text].join("\n"));
  }

  /** Sends `code` to the REPL: one line as typed, several through paste mode. */
  sendCode(code: string): Promise<void> {
    return this.send(
      isMultiLinePaste(code) ? pasteMode(code) : `${code.replace(/[\r\n]+$/, "")}\r`,
    );
  }

  private send(data: string): Promise<void> {
    return this.serial?.write(data) ?? Promise.resolve();
  }

  private async connect(): Promise<void> {
    this.reconnecting?.abort();
    this.serial ??= new SerialLink(
      this.port!,
      (t) => {
        this.text += t;
        this.term?.write(t);
      },
      () => void this.lost(),
    );
    try {
      await this.serial.open(this.baudRate);
      this.link = "open";
      this.failed = "";
    } catch (e) {
      this.link = "failed";
      this.failed = (e as Error).message;
    }
  }

  /** The board went away (a native-USB board resets that way): wait for it and carry on. */
  private async lost(): Promise<void> {
    if (!this.isConnected || !this.serial) return;
    this.link = "lost";
    this.term?.write(
      `\r\n\x1b[2m— ${msg("Board disconnected; waiting for it to come back…", { id: "console.lost" })}\x1b[0m\r\n`,
    );
    const stop = (this.reconnecting = new AbortController());
    const ports = () => (navigator as SerialNavigator).serial?.getPorts() ?? Promise.resolve([]);
    try {
      await this.serial.reopen(this.baudRate, stop.signal, ports); // the link keeps the port it reopened
      this.link = "open";
      this.term?.write(`\x1b[2m— ${msg("Reconnected.", { id: "console.reconnected" })}\x1b[0m\r\n`);
    } catch {
      /* stopped: the console closed or connected anew */
    }
  }

  private submit(e: SubmitEvent): void {
    e.preventDefault();
    const input = (e.target as HTMLFormElement).elements.namedItem("line") as HTMLInputElement;
    this.lines.add(input.value);
    void this.send(`${input.value}\r`);
    input.value = "";
  }

  private onKey(e: KeyboardEvent): void {
    const input = e.target as HTMLInputElement;
    if (e.key === "ArrowUp") input.value = this.lines.back(input.value);
    else if (e.key === "ArrowDown") input.value = this.lines.forward();
    else return;
    e.preventDefault();
  }

  /** Several lines pasted into the line input go through paste mode, not line by line. */
  private onPaste(e: ClipboardEvent): void {
    const text = e.clipboardData?.getData("text/plain") ?? "";
    if (!isMultiLinePaste(text)) return;
    e.preventDefault();
    void this.sendCode(text);
  }

  private download(): void {
    const blob = new Blob([this.logText()], { type: "text/plain" });
    const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, "-");
    const a = Object.assign(document.createElement("a"), {
      href: URL.createObjectURL(blob),
      download: `esp-flash-log-${stamp}.txt`,
    });
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  }

  private status() {
    if (this.link === "failed")
      return html`<p class="status error" role="alert">${this.failed}</p>`;
    if (this.link === "lost")
      return html`<p class="status" role="status">${msg("Board disconnected; waiting for it to come back…", { id: "console.lost" })}</p>`;
    return "";
  }

  override render() {
    return html`
      <div class="term" part="terminal" role="log" aria-label=${msg("Serial output", { id: "console.output" })}></div>
      ${this.status()}
      <form class="line" @submit=${this.submit}>
        <span class="prompt" aria-hidden="true">&gt;&gt;&gt;</span>
        <input type="text" name="line" autocomplete="off" spellcheck="false" @keydown=${this.onKey} @paste=${this.onPaste}
          aria-label=${msg("Line to send", { id: "console.line" })}
          placeholder=${msg("Python code; ↑ ↓ for earlier lines", { id: "console.placeholder" })} />
        <button type="submit">${msg("Send", { id: "console.send" })}</button>
      </form>
      <div class="keys">
        <button type="button" title=${msg("Stop the running program", { id: "console.ctrl-c-hint" })}
          @click=${() => void this.send(CTRL_C)}><kbd>Ctrl-C</kbd> ${msg("Stop", { id: "console.ctrl-c" })}</button>
        <button type="button" title=${msg("Soft reboot: restart MicroPython", { id: "console.ctrl-d-hint" })}
          @click=${() => void this.send(CTRL_D)}><kbd>Ctrl-D</kbd> ${msg("Reboot", { id: "console.ctrl-d" })}</button>
        <button type="button" @click=${() => void this.serial?.reset()}>${msg("Reset board", { id: "console.reset" })}</button>
        <label class="baud">${msg("Baud", { id: "console.baud" })}
          <select @change=${(e: Event) => (this.baudRate = Number((e.target as HTMLSelectElement).value))}>
            ${BAUD_RATES.map((b) => html`<option value=${b} ?selected=${b === this.baudRate}>${b}</option>`)}
          </select></label>
        <button type="button" class="end" @click=${this.download}>${msg("Download log", { id: "console.download" })}</button>
      </div>`;
  }
}

if (!customElements.get("esp-flash-console"))
  customElements.define("esp-flash-console", EspFlashConsole);
declare global {
  interface HTMLElementTagNameMap {
    "esp-flash-console": EspFlashConsole;
  }
}
