import { formatBytes, hex } from "./describe.js";
import type { FlashStateReport, PreparedPart } from "./types.js";

/**
 * What the flash holds while a session writes, to tell a person exactly that when it stops.
 * Only what the chip acknowledged counts as done: a command sent but never answered is
 * "unconfirmed" (it may have happened, in part, or not at all).
 */
export class FlashState {
  #erasedAll = false;
  #eraseSent = false;
  #written: PreparedPart[] = [];
  #overwritten: PreparedPart[] = [];
  #sent: PreparedPart | undefined;
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

  /** The whole-flash erase was sent; `erasedAll` once the chip acknowledged it. */
  eraseSent(): void {
    this.#eraseSent = true;
  }
  erasedAll(): void {
    this.#erasedAll = true;
  }
  /** A part's write began on the wire (FLASH_BEGIN sent); `start` once the chip acknowledged it. */
  sent(part: PreparedPart): void {
    this.#sent = part;
  }
  start(part: PreparedPart): void {
    this.#sent = undefined;
    this.#current = { part, done: 0 };
  }
  /** Written parts that a wrapping flash overwrote afterwards: no longer on the chip as written. */
  overwritten(parts: readonly PreparedPart[]): void {
    this.#written = this.#written.filter((p) => !parts.includes(p));
    this.#overwritten.push(...parts.filter((p) => !this.#overwritten.includes(p)));
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
    return (
      this.#erasedAll ||
      this.#eraseSent ||
      this.#sent !== undefined ||
      this.#written.length > 0 ||
      this.#overwritten.length > 0 ||
      this.#current !== undefined
    );
  }

  /** The same as `describe()`, for code (a UI that words it in the person's language). */
  report(): FlashStateReport | undefined {
    if (!this.changed) return undefined;
    const where = (p: PreparedPart) => ({ name: p.name, offset: p.offset });
    const unconfirmed =
      this.#eraseSent && !this.#erasedAll
        ? ("erase-all" as const)
        : this.#sent
          ? where(this.#sent)
          : undefined;
    return {
      condition: this.#verified ? "verified" : "changed",
      erasedAll: this.#erasedAll,
      ...(this.#current && !this.#verified ? { incomplete: where(this.#current.part) } : {}),
      written: this.#written.map(where),
      ...(unconfirmed && !this.#verified ? { unconfirmed } : {}),
      ...(this.#overwritten.length ? { overwritten: this.#overwritten.map(where) } : {}),
    };
  }

  /** One or two sentences on the flash's state; undefined while nothing was changed. */
  describe(): string | undefined {
    if (!this.changed) return undefined;
    if (this.#verified) return "Every part was written and verified.";
    const sentences: string[] = [];
    if (this.#erasedAll) sentences.push("The whole flash was erased.");
    else if (this.#eraseSent)
      sentences.push(
        "An erase of the whole flash was sent, but the chip did not confirm it: the flash may be unchanged, partly or wholly erased.",
      );
    if (this.#sent)
      sentences.push(
        `The write of ${this.#sent.name} at ${hex(this.#sent.offset)} was sent, but the chip did not confirm it began: that region may be unchanged or partly erased.`,
      );
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
    if (this.#overwritten.length)
      sentences.push(
        `Overwritten afterwards where the addresses wrap: ${this.#overwritten.map((p) => `${p.name} at ${hex(p.offset)}`).join(", ")}.`,
      );
    return sentences.join(" ");
  }
}
