import { Transport } from "esptool-js";
import { describe, expect, it } from "vitest";
import { leasePort, slipEncode, WatchedTransport } from "./port-lease.js";
import { SlipFrameDecoder } from "./slip-reader.js";

// A port that is never opened: read() only works on the transport's buffer.
const idlePort = () =>
  ({
    getInfo: () => ({}),
    open: async () => {},
    close: async () => {},
    setSignals: async () => {},
    readable: null,
    writable: null,
  }) as never;

type Buffered = { buffer: Uint8Array };

/**
 * Frames (or the error message) a transport reads from `stream`, until it fails. The timeout
 * is long so that a busy machine cannot turn a full buffer into a timeout (esptool-js checks
 * the clock before it looks at its buffer); streams end in a stray byte, not in a wait.
 */
async function readAll(
  transport: Transport,
  stream: Uint8Array,
  timeout = 60_000,
): Promise<(string | number[])[]> {
  (transport as unknown as Buffered).buffer = stream;
  const seen: (string | number[])[] = [];
  for (;;) {
    try {
      seen.push([...(await transport.read(timeout))]);
    } catch (error) {
      seen.push((error as Error).message);
      return seen;
    }
  }
}

function random(seed: number) {
  return () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) / 0x1000000;
}

/** Frames full of C0 and DB, sometimes damaged: a stray byte between frames, a bad escape. */
function stream(seed: number): Uint8Array {
  const next = random(seed);
  const bytes: number[] = [];
  for (let f = 0; f < 20; f++) {
    const data = Array.from({ length: Math.floor(next() * 300) }, () =>
      next() < 0.2 ? (next() < 0.5 ? 0xc0 : 0xdb) : Math.floor(next() * 256),
    );
    bytes.push(...slipEncode(Uint8Array.from(data)));
    if (next() < 0.05) bytes.push(0x41); // noise between frames
    if (next() < 0.05) bytes.push(0xc0, 0xdb, 0x00, 0xc0); // an invalid escape
  }
  bytes.push(0x41); // the end: noise, so the last read fails at once
  return Uint8Array.from(bytes);
}

describe("reading SLIP frames", () => {
  it("reads the same frames and the same errors as esptool-js's Transport.read", async () => {
    for (let seed = 1; seed <= 40; seed++) {
      const input = stream(seed);
      const ours = await readAll(new WatchedTransport(leasePort(idlePort())), input.slice());
      const theirs = await readAll(new Transport(idlePort(), false), input.slice());
      expect(ours, `seed ${seed}`).toEqual(theirs);
    }
  });

  it("times out as esptool-js does, before a frame and inside one", async () => {
    for (const input of [[], [0xc0, 0x01, 0x02]]) {
      const bytes = Uint8Array.from(input);
      const ours = await readAll(new WatchedTransport(leasePort(idlePort())), bytes.slice(), 20);
      const theirs = await readAll(new Transport(idlePort(), false), bytes.slice(), 20);
      expect(ours).toEqual(theirs);
      expect(ours.at(-1)).toMatch(/stream stopped|No serial data/);
    }
  });

  it("names a panic in the stream as esptool-js does", async () => {
    const panic = new TextEncoder().encode(
      "Guru Meditation Error: Core  0 panic'ed (LoadProhibited)",
    );
    const ours = await readAll(new WatchedTransport(leasePort(idlePort())), panic.slice());
    const theirs = await readAll(new Transport(idlePort(), false), panic.slice());
    expect(ours).toEqual(theirs);
    expect(ours[0]).toMatch(/Guru Meditation/);
  });

  it("decodes a frame split across chunks anywhere, escapes included", () => {
    const data = Uint8Array.from({ length: 5000 }, (_, i) => [0xc0, 0xdb, i & 0xff][i % 3]!);
    const framed = slipEncode(data);
    for (const cut of [1, 2, 3, 777, 4096, framed.length - 1]) {
      const decoder = new SlipFrameDecoder();
      expect(decoder.feed(framed.subarray(0, cut))).toBeUndefined();
      const done = decoder.feed(Uint8Array.from([...framed.subarray(cut), 0xc0, 0x01]));
      expect(done?.frame).toEqual(data);
      expect([...done!.rest]).toEqual([0xc0, 0x01]);
    }
  });
});
