import { msg } from "@lit/localize";
import { Terminal } from "@xterm/xterm";
import { LitElement, html, type PropertyValues } from "lit";
import { property, query, state } from "lit/decorators.js";
import type { SerialPortLike } from "../core-types.js";
import { updateWhenLocaleChanges } from "@lit/localize";
import { consoleStyles } from "./esp-flash-console.styles.js";
import { SerialLink } from "./serial-link.js";

export const BAUD_RATES = [9600, 74880, 115200, 230400, 460800, 921600] as const;

/**
 * A serial console for the board: terminal, line input for the MicroPython REPL, Ctrl-C,
 * reset, baud rate (74880 shows the ESP8266 boot ROM), and the session log as a download.
 *
 * @csspart terminal - The terminal area.
 */
export class EspFlashConsole extends LitElement {
  static override styles = consoleStyles;

  @property({ attribute: false }) accessor port: SerialPortLike | undefined;
  @property({ type: Number }) accessor baudRate = 115200;
  /** Text shown before the live output (the flashing log). */
  @property({ attribute: false }) accessor history: string[] = [];
  @state() private accessor failed = "";
  @query(".term") private accessor termBox!: HTMLElement;

  /** Everything received, for the log download. */
  text = "";
  private term: Terminal | undefined;
  private link: SerialLink | undefined;

  constructor() { super(); updateWhenLocaleChanges(this); }

  override firstUpdated(): void {
    this.term = new Terminal({ convertEol: true, rows: 16, fontSize: 13, scrollback: 5000 });
    this.term.open(this.termBox);
    this.term.onData((data) => void this.link?.write(data));
    for (const line of this.history) this.term.writeln(line);
  }

  override updated(changed: PropertyValues<this>): void {
    if ((changed.has("port") || changed.has("baudRate")) && this.port) void this.connect();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    void this.link?.close().then(() => this.port?.readable && this.port.close()).catch(() => undefined);
    this.term?.dispose();
  }

  private async connect(): Promise<void> {
    this.link ??= new SerialLink(this.port!, (t) => { this.text += t; this.term?.write(t); });
    try { await this.link.open(this.baudRate); this.failed = ""; }
    catch (e) { this.failed = (e as Error).message; }
  }

  private send(e: SubmitEvent): void {
    e.preventDefault();
    const input = (e.target as HTMLFormElement).elements.namedItem("line") as HTMLInputElement;
    void this.link?.write(`${input.value}\r`);
    input.value = "";
  }

  private download(): void {
    const blob = new Blob([[...this.history, this.text].join("\n")], { type: "text/plain" });
    const a = Object.assign(document.createElement("a"), { href: URL.createObjectURL(blob), download: "esp-flash-log.txt" });
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  }

  override render() {
    return html`
      <div class="term" part="terminal" role="log" aria-label=${msg("Serial output", { id: "console.output" })}></div>
      ${this.failed ? html`<p role="alert">${this.failed}</p>` : ""}
      <div class="controls">
        <form @submit=${this.send}>
          <input type="text" name="line" autocomplete="off" spellcheck="false"
            aria-label=${msg("Line to send", { id: "console.line" })} placeholder="placeholder=">>> "gt;placeholder=">>> "gt;placeholder=">>> "gt; " />
          <button type="submit">${msg("Send", { id: "console.send" })}</button>
        </form>
        <button type="button" @click=${() => this.link?.write("\x03")}>Ctrl-C</button>
        <button type="button" @click=${() => this.link?.reset()}>${msg("Reset board", { id: "console.reset" })}</button>
        <label>${msg("Baud", { id: "console.baud" })}
          <select @change=${(e: Event) => (this.baudRate = Number((e.target as HTMLSelectElement).value))}>
            ${BAUD_RATES.map((b) => html`<option value=${b} ?selected=${b === this.baudRate}>${b}</option>`)}
          </select></label>
        <button type="button" @click=${this.download}>${msg("Download log", { id: "console.download" })}</button>
      </div>`;
  }
}

if (!customElements.get("esp-flash-console")) customElements.define("esp-flash-console", EspFlashConsole);
declare global {
  interface HTMLElementTagNameMap { "esp-flash-console": EspFlashConsole }
}
