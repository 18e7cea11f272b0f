// MicroPython REPL conveniences as plain functions (tested without a DOM).

export const CTRL_C = "\x03"; // interrupt
export const CTRL_D = "\x04"; // soft reboot (at the prompt); ends paste mode
export const CTRL_E = "\x05"; // enter paste mode

/** True for terminal input that is a paste of several lines rather than a typed key. */
export const isMultiLinePaste = (data: string) => /[\r\n][^\r\n]/.test(data);

/**
 * Multi-line code for MicroPython's paste mode (Ctrl-E … Ctrl-D): the REPL takes it verbatim,
 * without auto-indent mangling nested blocks, and runs it as one unit.
 */
export function pasteMode(code: string): string {
  const body = code.replace(/\r\n?|\n/g, "\r").replace(/\r+$/, "");
  return `${CTRL_E}${body}\r${CTRL_D}`;
}

/** Lines sent from the input box; ArrowUp/ArrowDown walk back and forth through them. */
export class LineHistory {
  private readonly lines: string[] = [];
  private cursor = 0;
  private draft = "";

  constructor(private readonly limit = 100) {}

  add(line: string): void {
    if (line.trim() && this.lines.at(-1) !== line) this.lines.push(line);
    if (this.lines.length > this.limit) this.lines.shift();
    this.cursor = this.lines.length;
    this.draft = "";
  }

  /** The previous line (keeping what was being typed, to come back to). */
  back(current: string): string {
    if (this.cursor === this.lines.length) this.draft = current;
    if (this.cursor > 0) this.cursor--;
    return this.lines[this.cursor] ?? current;
  }

  forward(): string {
    if (this.cursor < this.lines.length) this.cursor++;
    return this.cursor === this.lines.length ? this.draft : this.lines[this.cursor]!;
  }
}
