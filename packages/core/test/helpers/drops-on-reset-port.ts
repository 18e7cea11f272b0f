import { VirtualSerialPort, type VirtualEsp } from "@esp-flash/virtual-device";

/**
 * A USB-JTAG-serial or USB-OTG chip that re-enumerates (drops off USB) when the host resets
 * it into its firmware: once armed, the chip disconnects as EN is released.
 */
export class DropsOnResetPort extends VirtualSerialPort {
  armed = false;
  constructor(readonly chip: VirtualEsp) {
    super(chip);
  }
  override async setSignals(signals: Parameters<VirtualSerialPort["setSignals"]>[0]) {
    await super.setSignals(signals);
    if (this.armed && signals.requestToSend === false) {
      this.chip.inject({ kind: "disconnect", afterBytes: 0 });
      this.chip.receive(new Uint8Array([0]), 115200);
    }
  }
}
