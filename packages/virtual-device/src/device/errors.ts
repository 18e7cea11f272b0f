/** Raised for bad constructor options — never from the wire, which only ever gets ROM replies. */
export class VirtualDeviceError extends Error {
  constructor(
    readonly code:
      "unknown-chip" | "bad-flash-size" | "bad-mac" | "no-usb-jtag" | "no-usb-otg" | "bad-option",
    message: string,
    readonly advice?: string,
  ) {
    super(message);
    this.name = "VirtualDeviceError";
  }
}
