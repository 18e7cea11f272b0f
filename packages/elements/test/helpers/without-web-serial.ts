/** Takes Web Serial away, as on Android (WebUSB stays); returns the undo. */
export function withoutWebSerial(): () => void {
  const proto = Navigator.prototype as unknown as Record<string, unknown>;
  const serial = Object.getOwnPropertyDescriptor(proto, "serial");
  if (serial) delete proto.serial;
  return () => {
    if (serial) Object.defineProperty(proto, "serial", serial);
  };
}
