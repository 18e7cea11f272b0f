// The menu of a board that does not answer Improv, DOM-free: shown at once, then filled in with
// what the board's flash holds (core reads ~3.5 KB and restarts the board; nothing is written).
import type { FirmwareIdentity, Manifest, SerialPortLike } from "../core-types.js";
import type { FlashController } from "./controller.js";
import type { View } from "./view-state.js";

type MenuView = View & { name: "menu" };
/** Reads what firmware the board's flash holds, logging to `log`; the port is closed after. */
export type ReadFirmware = (
  port: SerialPortLike,
  log: (line: string) => void,
) => Promise<FirmwareIdentity>;

/** Espressif's own USB (USB-OTG, USB-Serial/JTAG): a restart can take the port away, so the
 * menu does not read there (an install or the console would find the port gone). */
const ESPRESSIF_USB_VID = 0x303a;

export class BoardMenu {
  private view: MenuView | undefined;
  private reading: Promise<void> = Promise.resolve();

  constructor(
    private readonly controller: FlashController,
    private readonly read: ReadFirmware | undefined,
  ) {}

  /** Shows the menu; the flash is read the first time only (Back from the console shows it again). */
  show(port: SerialPortLike, manifest: Manifest): void {
    if (this.view?.manifest === manifest) return this.controller.show(this.view);
    const read = port.getInfo().usbVendorId === ESPRESSIF_USB_VID ? undefined : this.read;
    const view: MenuView = { name: "menu", manifest, reading: !!read };
    this.view = view;
    this.controller.show(view);
    if (!read) return;
    const log = (line: string) => this.controller.log.push(line);
    this.reading = read(port, log).then(
      (onBoard) => this.update({ ...view, reading: false, onBoard }),
      // Not knowing what is on the board only leaves the line out; the log says why.
      (e: Error) => {
        log(`Could not read what firmware the board holds: ${e.message}`);
        this.update({ ...view, reading: false });
      },
    );
    this.controller.hold(this.reading);
  }

  /** Settles once the menu no longer holds the port. */
  settled(): Promise<void> {
    return this.reading;
  }

  private update(view: MenuView): void {
    this.view = view;
    if (this.controller.view.name === "menu") this.controller.show(view);
  }
}
