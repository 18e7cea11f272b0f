// The slice of WebUSB (https://wicg.github.io/webusb/) a virtual device presents: plain
// shapes, so the package needs no WebUSB type package and runs in Node too.

export type UsbDirection = "in" | "out";
export type UsbTransferStatus = "ok" | "stall" | "babble";

export interface UsbControlSetup {
  requestType: "standard" | "class" | "vendor";
  recipient: "device" | "interface" | "endpoint" | "other";
  request: number;
  value: number;
  index: number;
}

export interface UsbInResult {
  readonly status: UsbTransferStatus;
  readonly data?: DataView;
}
export interface UsbOutResult {
  readonly status: UsbTransferStatus;
  readonly bytesWritten: number;
}

export interface UsbEndpoint {
  readonly endpointNumber: number;
  readonly direction: UsbDirection;
  readonly type: "bulk" | "interrupt" | "isochronous";
  readonly packetSize: number;
}
export interface UsbAlternate {
  readonly alternateSetting: number;
  readonly interfaceClass: number;
  readonly interfaceSubclass: number;
  readonly interfaceProtocol: number;
  readonly interfaceName: string | null;
  readonly endpoints: UsbEndpoint[];
}
export interface UsbInterface {
  readonly interfaceNumber: number;
  readonly alternate: UsbAlternate;
  readonly alternates: UsbAlternate[];
  readonly claimed: boolean;
}
export interface UsbConfiguration {
  readonly configurationValue: number;
  readonly configurationName: string | null;
  readonly interfaces: UsbInterface[];
}

/** A `navigator.usb.requestDevice()` filter, matched as Chrome matches it. */
export interface UsbDeviceFilterLike {
  vendorId?: number;
  productId?: number;
  classCode?: number;
  subclassCode?: number;
  protocolCode?: number;
  serialNumber?: string;
}
