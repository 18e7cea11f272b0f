import type { Loader } from "../loader/index.js";
import type { DeviceInfo } from "./types.js";

/**
 * Chip, stub, baud, then the flash ID and SPI parameters at the new rate. Secure download
 * mode is refused inside `chipDetails` before anything else is sent.
 */
export async function identifyDevice(loader: Loader, baudCap: number | undefined): Promise<DeviceInfo> {
  const chip = await loader.chipDetails();
  await loader.startStub(chip.family);
  await loader.raiseBaud(baudCap);
  const flash = await loader.flashIdentity(chip.family);
  if (flash.bytes !== undefined) await loader.setFlashSize(flash.bytes);
  return {
    family: chip.family,
    chipName: chip.description ?? chip.family,
    ...(chip.revision !== undefined ? { revision: chip.revision } : {}),
    mac: chip.mac ?? "unknown",
    flashId: flash.id,
    ...(flash.size !== undefined ? { flashSize: flash.size } : {}),
    usb: loader.usb,
    ...(chip.features ? { features: chip.features } : {}),
    stub: loader.stub,
  };
}
