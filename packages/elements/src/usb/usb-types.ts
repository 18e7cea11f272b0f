// The slice of WebUSB this folder uses, structurally (Chrome's USBDevice and the virtual one
// both fit), so the package needs no WebUSB type package.
export interface UsbSetup {
  requestType: "standard" | "class" | "vendor";
  recipient: "device" | "interface" | "endpoint" | "other";
  request: number;
  value: number;
  index: number;
}
export interface UsbInResultLike {
  readonly status?: string;
  readonly data?: DataView | undefined;
}
export interface UsbOutResultLike {
  readonly status?: string;
}
export interface UsbEndpointLike {
  endpointNumber: number;
  direction: "in" | "out";
  type: string;
  packetSize: number;
}
export interface UsbInterfaceLike {
  interfaceNumber: number;
  alternate: { interfaceClass: number; interfaceSubclass: number; endpoints: UsbEndpointLike[] };
}
export interface UsbConfigurationLike {
  configurationValue: number;
  interfaces: UsbInterfaceLike[];
}

export interface UsbDeviceLike {
  readonly vendorId: number;
  readonly productId: number;
  readonly productName?: string | undefined;
  readonly manufacturerName?: string | undefined;
  readonly serialNumber?: string | undefined;
  readonly opened: boolean;
  readonly configuration: UsbConfigurationLike | null;
  readonly configurations?: UsbConfigurationLike[];
  open(): Promise<void>;
  close(): Promise<void>;
  selectConfiguration(value: number): Promise<void>;
  claimInterface(number: number): Promise<void>;
  releaseInterface(number: number): Promise<void>;
  controlTransferOut(setup: UsbSetup, data?: Uint8Array): Promise<UsbOutResultLike>;
  controlTransferIn(setup: UsbSetup, length: number): Promise<UsbInResultLike>;
  transferIn(endpoint: number, length: number): Promise<UsbInResultLike>;
  transferOut(endpoint: number, data: Uint8Array): Promise<UsbOutResultLike>;
  clearHalt(direction: "in" | "out", endpoint: number): Promise<void>;
}
