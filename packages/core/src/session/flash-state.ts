import { formatBytes, hex } from "./describe.js";
import type { FlashStateReport, PreparedPart } from "./types.js";

/** What the flash holds while a session writes, to tell a person exactly that when it stops. */
export class FlashState {
  #erasedAll = false;
  #written: PreparedPart[] = [];
  #current: { part: PreparedPart; done: number } | undefined;

  #verified = false;

  /** The final pass found every part right: from here on the flash is complete. */
  verifiedAll(): void {
    this.#verified = true;
  }

  /** "untouched", "changed" (possibly incomplete) or "verified". */
  get condition(): "untouched" | "changed" | "verified" {
    return this.#verified ? "verified" : this.changed ? "changed" : "untouched";
  }

  erasedAll(): void {
    this.#erasedAll = true;
  }
  start(part: PreparedPart): void {
    this.#current = { part, done: 0 };
  }
  progress(done: number): void {
    if (this.#current) this.#current.done = done;
  }
  finish(): void {
    if (this.#current && !this.#written.includes(this.#current.part))
      this.#written.push(this.#current.part);
    this.#current = undefined;
  }

  /** The address being written, for error messages. */
  get address(): number | undefined {
    return this.#current ? this.#current.part.offset + this.#current.done : undefined;
  }

  /** True once anything on the flash changed. */
  get changed(): boolean {
    return this.#erasedAll || this.#written.length > 0 || this.#current !== undefined;
  }

  /** The same as `describe()`, for code (a UI that words it in the person's language). */
  report(): FlashStateReport | undefined {
    if (!this.changed) return undefined;
    const where = (p: PreparedPart) => ({ name: p.name, offset: p.offset });
    return {
      condition: this.#verified ? "verified" : "changed",
      erasedAll: this.#erasedAll,
      ...(this.#current && !this.#verified ? { incomplete: where(this.#current.part) } : {}),
      written: this.#written.map(where),
    };
  }

  /** One or two sentences on the flash's state; undefined while nothing was changed. */
  describe(): string | undefined {
    if (!this.changed) return undefined;
    if (this.#verified) return "Every part was written and verified.";
    const sentences: string[] = [];
    if (this.#erasedAll) sentences.push("The whole flash was erased.");
    if (this.#current) {
      const { part, done } = this.#current;
      sentences.push(
        `${part.name} at ${hex(part.offset)} is incomplete (about ${formatBytes(done)} of ${formatBytes(part.size)} sent); the board will not start it until you install again.`,
      );
    }
    if (this.#written.length)
      sentences.push(
        `Written completely: ${this.#written.map((p) => `${p.name} at ${hex(p.offset)}`).join(", ")}.`,
      );
    return sentences.join(" ");
  }
}
