// The virtual board "on the reader's desk": what navigator.serial offers in the live stories.
import {
  installVirtualSerial,
  VirtualEsp,
  type UsbBridgeKind,
  type VirtualEspOptions,
} from "@esp-flash/virtual-device";
import { underTest } from "./board-toolbar.js";
import { choosePort } from "./port-chooser.js";
import { offerOverUsb } from "./usb-desk.js";

export interface DeskBoard {
  readonly device: VirtualEsp;
  unplug(): void;
}

let current: DeskBoard | undefined;

/**
 * Plugs in one virtual board, replacing the previous one. With `offerRealPorts` the reader
 * chooses between it and the browser's real ports (never under test); otherwise the
 * virtual board is taken, as stories that press the button for the reader need. With `usb`
 * the page loses Web Serial and the board comes over WebUSB behind that chip (Android).
 */
export function plugIn(
  options: VirtualEspOptions,
  { offerRealPorts = false, usb }: { offerRealPorts?: boolean; usb?: UsbBridgeKind } = {},
): DeskBoard {
  current?.unplug();
  const device = new VirtualEsp(options);
  const installed = usb
    ? offerOverUsb(device, usb)
    : installVirtualSerial([device], {
        keepReal: true,
        ...(offerRealPorts && !underTest ? { choose: choosePort } : {}),
      });
  const board: DeskBoard = {
    device,
    unplug() {
      installed.uninstall();
      if (current === board) current = undefined;
    },
  };
  current = board;
  return board;
}

/** The board plugged in for the story being shown, if any. */
export function deskBoard(): DeskBoard | undefined {
  return current;
}

/** For stories' `beforeEach`: a 4MB ESP8266, where MicroPython's 1MB header needs fixing. */
export const plugInEsp8266 = () =>
  plugIn({ chip: "ESP8266", flashSize: "4MB", timing: underTest ? "instant" : "realtime" }).unplug;
