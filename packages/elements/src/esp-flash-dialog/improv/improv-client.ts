// Core's Improv client and the reset into the firmware, loaded when the flow first probes for
// Improv (kept out of the dialog's chunk: an install without a probe never needs them).
import { ImprovSerial, resetIntoFirmware, resetKeepsPort } from "@esp-flash/core";
import type { ImprovDeps } from "./improv-flow.js";

export const improvClient: ImprovDeps = {
  createClient: (port, onLine) => new ImprovSerial(port, { onLine }),
  resetIntoFirmware: (port) => resetIntoFirmware(port),
  resetKeepsPort: (port) => resetKeepsPort(port),
};
