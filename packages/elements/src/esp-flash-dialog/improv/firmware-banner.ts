// Boot output that names firmware without Improv Serial. After an install the dialog waits for
// the new firmware to offer Wi-Fi setup; when the firmware's own banner says it cannot, the
// wait ends there instead of running out its seconds (MicroPython's first click to "Installed"
// took 10 s longer than the install).

const WITHOUT_IMPROV: { name: string; banner: RegExp }[] = [
  // "MicroPython v1.24.1 on 2024-11-29; ESP module with ESP8266", then the REPL. Not anchored:
  // on an ESP8266 the tail of the ROM's 74880-baud boot log, garbled, can share its line.
  { name: "MicroPython", banner: /MicroPython v\d+\.\d+\S* on \d{4}-\d{2}-\d{2}/ },
  // "Adafruit CircuitPython 9.2.1 on 2024-11-20; …"
  { name: "CircuitPython", banner: /Adafruit CircuitPython \d+\.\d+\S* on \d{4}-\d{2}-\d{2}/ },
];

/** The firmware a boot-output line names, if it is one known to have no Improv Serial. */
export function firmwareWithoutImprov(line: string): string | undefined {
  return WITHOUT_IMPROV.find(({ banner }) => banner.test(line))?.name;
}

/** Thrown into the wait for Improv once the firmware named itself as one without it. */
export class FirmwareWithoutImprov extends Error {
  constructor(readonly firmware: string) {
    super(`${firmware} is running: it does not offer Wi-Fi setup over Improv.`);
  }
}
