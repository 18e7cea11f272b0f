/** `navigator.serial.requestPort({ filters })`, checked and matched as Chrome does. */
export interface SerialPortFilterLike {
  usbVendorId?: number;
  usbProductId?: number;
  bluetoothServiceClassId?: number | string;
}

export interface SerialPortRequestOptionsLike {
  filters?: SerialPortFilterLike[];
  allowedBluetoothServiceClassIds?: (number | string)[];
}

export function checkFilters(options: SerialPortRequestOptionsLike | undefined): void {
  const filters = options?.filters;
  if (filters === undefined) return;
  if (!Array.isArray(filters)) throw new TypeError("filters must be an array.");
  for (const filter of filters) {
    if (filter.bluetoothServiceClassId !== undefined) {
      if (filter.usbVendorId !== undefined || filter.usbProductId !== undefined) {
        throw new TypeError(
          "A filter cannot specify both bluetoothServiceClassId and usbVendorId or usbProductId.",
        );
      }
    } else if (filter.usbVendorId === undefined) {
      throw new TypeError(
        filter.usbProductId === undefined
          ? "A filter must provide a property to filter by."
          : "A filter containing a usbProductId must also specify a usbVendorId.",
      );
    }
  }
}

export function matchesFilters(
  info: { usbVendorId?: number; usbProductId?: number },
  options: SerialPortRequestOptionsLike | undefined,
): boolean {
  const filters = options?.filters;
  if (!filters || filters.length === 0) return true;
  return filters.some(
    (f) =>
      f.bluetoothServiceClassId === undefined &&
      f.usbVendorId === info.usbVendorId &&
      (f.usbProductId === undefined || f.usbProductId === info.usbProductId),
  );
}
