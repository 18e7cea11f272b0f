import type { SerialSignals } from "../../src/device/types.js";
import type { WireDevice } from "../../src/port/wire.js";

/** A stand-in for VirtualEsp's wire: echoes what it gets, at its own baud. */
export class EchoDevice implements WireDevice {
  usb = { usbVendorId: 0x10c4, usbProductId: 0xea60 };
  state = "download";
  baud = 115200;
  signals: SerialSignals[] = [];
  received: { bytes: number[]; hostBaud: number }[] = [];
  private transmit = new Set<(bytes: Uint8Array, baud: number) => void>();
  private lost = new Set<() => void>();
  private back = new Set<() => void>();

  receive(bytes: Uint8Array, hostBaud: number): void {
    this.received.push({ bytes: [...bytes], hostBaud });
    this.send(bytes);
  }
  send(bytes: Uint8Array): void {
    for (const l of this.transmit) l(bytes, this.baud);
  }
  onTransmit(listener: (bytes: Uint8Array, baud: number) => void): () => void {
    this.transmit.add(listener);
    return () => this.transmit.delete(listener);
  }
  setSignals(signals: SerialSignals): void {
    this.signals.push(signals);
  }
  onDisconnect(listener: () => void): () => void {
    this.lost.add(listener);
    return () => this.lost.delete(listener);
  }
  onReconnect(listener: () => void): () => void {
    this.back.add(listener);
    return () => this.back.delete(listener);
  }
  unplug(): void {
    this.state = "disconnected";
    for (const l of this.lost) l();
  }
  plugIn(): void {
    this.state = "download";
    for (const l of this.back) l();
  }
}
