// USB vendors offered in the Android device picker; what each product is lives in bridges.ts.
export const USB_FILTERS = [
  { vendorId: 0x303a }, // Espressif: native USB-JTAG-serial / USB-CDC
  { vendorId: 0x10c4 }, // Silicon Labs: CP210x
  { vendorId: 0x1a86 }, // WCH: CH340, CH9102, CH343
  { vendorId: 0x0403 }, // FTDI: FT232R, FT-X (multi-port chips are named as unsupported)
  { vendorId: 0x067b }, // Prolific: listed so the dialog can name it as unsupported
];
