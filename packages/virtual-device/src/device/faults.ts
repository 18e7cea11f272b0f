import type { FaultSpec } from "./types.js";

/** Small seeded PRNG (mulberry32): the same seed corrupts the same bytes. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type FaultAction = "disconnect" | "reset";

/**
 * Decides when injected faults fire. Rate faults act per byte in both directions;
 * triggered faults fire once, on a wire byte count, a flash address or a virtual time.
 */
export class FaultEngine {
  private faults: FaultSpec[] = [];
  private readonly random: () => number;
  private wireBytes = 0;

  constructor(
    seed: number,
    initial: readonly FaultSpec[] = [],
    private readonly now: () => number = () => 0,
  ) {
    this.random = prng(seed);
    for (const f of initial) this.inject(f);
  }

  /** Byte and time triggers count from the moment of injection. */
  inject(fault: FaultSpec): void {
    const f = { ...fault };
    if ("afterBytes" in f && f.afterBytes !== undefined) f.afterBytes += this.wireBytes;
    if ("afterMs" in f && f.afterMs !== undefined) f.afterMs += this.now();
    this.faults.push(f);
  }

  /** Count bytes crossing the wire (done by mangle when faults are active). */
  count(n: number): void {
    this.wireBytes += n;
  }

  clear(): void {
    this.faults = [];
  }

  has(kind: FaultSpec["kind"]): boolean {
    return this.faults.some((f) => f.kind === kind);
  }

  get active(): boolean {
    return this.faults.length > 0;
  }

  /** Apply corrupt/drop to bytes crossing the wire; returns the same array when untouched. */
  mangle(bytes: Uint8Array, baud?: number): Uint8Array {
    this.wireBytes += bytes.length;
    let out = bytes;
    for (const f of this.faults) {
      // A link that is marginal only at high rates: bytes at or below `aboveBaud` pass.
      if (f.kind === "corrupt" && f.aboveBaud !== undefined && !(baud! > f.aboveBaud)) continue;
      if (f.kind === "corrupt" && f.rate > 0) {
        // Bytes before the trigger (counted above, with this chunk) pass untouched.
        const from = Math.max(0, (f.afterBytes ?? 0) - (this.wireBytes - bytes.length));
        for (let i = from; i < out.length; i++) {
          if (this.random() < f.rate) {
            if (out === bytes) out = bytes.slice();
            out[i] = out[i]! ^ (1 + Math.floor(this.random() * 255));
          }
        }
      } else if (f.kind === "drop" && f.rate > 0) {
        const kept: number[] = [];
        let dropped = false;
        for (let i = 0; i < out.length; i++) {
          if (this.random() < f.rate) dropped = true;
          else kept.push(out[i]!);
        }
        if (dropped) out = Uint8Array.from(kept);
      }
    }
    return out;
  }

  /** A byte-count or time trigger that has come due, consumed. */
  due(elapsedMs: number): FaultAction | undefined {
    for (const f of this.faults) {
      if ((f.kind === "disconnect" || f.kind === "reset") && f.atAddress === undefined) {
        const byBytes = f.afterBytes !== undefined && this.wireBytes >= f.afterBytes;
        const byTime = f.afterMs !== undefined && elapsedMs >= f.afterMs;
        if (byBytes || byTime) {
          this.remove(f);
          return f.kind;
        }
      }
    }
    return undefined;
  }

  /** Stall due now: returns its length in ms, consumed. */
  stallDue(): number | undefined {
    for (const f of this.faults) {
      if (f.kind === "stall" && (f.afterBytes ?? 0) <= this.wireBytes) {
        this.remove(f);
        return f.forMs;
      }
    }
    return undefined;
  }

  /** A flash write is about to touch [start, end): which fault (if any) hits it. */
  atFlash(start: number, end: number): FaultAction | "write-error" | undefined {
    for (const f of this.faults) {
      if (f.kind === "flash-write-error" && f.atAddress >= start && f.atAddress < end)
        return "write-error";
      if ((f.kind === "disconnect" || f.kind === "reset") && f.atAddress !== undefined) {
        if (f.atAddress >= start && f.atAddress < end) {
          this.remove(f);
          return f.kind;
        }
      }
    }
    return undefined;
  }

  refusesBaud(): boolean {
    return this.has("refuse-baud");
  }

  stubFails(): boolean {
    return this.has("stub-fail");
  }

  /** Whether the ROM's auto-baud misjudges this attempt at the host's rate. */
  autobaudFails(hostBaud: number): boolean {
    for (const f of this.faults) {
      if (
        f.kind === "autobaud-fail" &&
        hostBaud > (f.aboveBaud ?? 115200) &&
        this.random() < f.probability
      )
        return true;
    }
    return false;
  }

  /** How long the chip stays off USB after a reset into `mode`, if it drops off at all. */
  usbDownMs(mode: "download" | "flash"): number | undefined {
    for (const f of this.faults) {
      if (f.kind === "usb-drop-on-reset" && (mode === "flash" || f.intoDownload))
        return f.downMs ?? 800;
    }
    return undefined;
  }

  /** How long the chip stays off USB when the stub starts, if it drops off then (consumed: once). */
  usbDropOnStubMs(): number | undefined {
    for (const f of this.faults) {
      if (f.kind === "usb-drop-on-stub") {
        this.remove(f);
        return f.downMs ?? 800;
      }
    }
    return undefined;
  }

  private remove(f: FaultSpec): void {
    this.faults = this.faults.filter((x) => x !== f);
  }
}
