// The virtual board "on the reader's desk": what navigator.serial offers in the live stories.
import { installVirtualSerial, VirtualEsp, type VirtualEspOptions } from "@esp-flash/virtual-device";
import { underTest } from "./board-toolbar.js";
import { choosePort } from "./port-chooser.js";

export interface DeskBoard {
  readonly device: VirtualEsp;
  unplug(): void;
}

let current: DeskBoard | undefined;

/**
 * Plugs in one virtual board, replacing the previous one. Real ports stay available
 * (keepReal): the reader chooses between them, except under test, where the virtual
 * board is taken.
 */
export function plugIn(options: VirtualEspOptions): DeskBoard {
  current?.unplug();
  const device = new VirtualEsp(options);
  const installed = installVirtualSerial([device], {
    keepReal: true,
    ...(underTest ? {} : { choose: choosePort }),
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
