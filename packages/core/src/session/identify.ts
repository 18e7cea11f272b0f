import { ROM_BAUD, type Loader } from "../loader/index.js";
import type { DeviceInfo } from "./types.js";

/**
 * Chip, baud, stub, then the flash ID and SPI parameters at the new rate. ESP32-family ROMs
 * change baud themselves, so the stub uploads at the high rate too; the ESP8266 ROM cannot,
 * so it changes after the stub starts. Secure download mode is refused inside `chipDetails`.
 */
export async function identifyDevice(
  loader: Loader,
  baudCap: number | undefined,
): Promise<DeviceInfo> {
  const chip = await loader.chipDetails();
  const guardFacts = await loader.guardFacts(chip.family);
  await loader.detectUsbOtg(chip.family);
  // At the ROM's rate, as esptool reads it: the crystal estimate uses the divider the ROM set.
  const hardware = await loader.hardware(chip.family);
  if (chip.family !== "ESP8266") await loader.raiseBaud(baudCap);
  await loader.startStub(chip.family);
  if (chip.family === "ESP8266" || loader.baudRate === ROM_BAUD) await loader.raiseBaud(baudCap);
  const flash = await loader.flashIdentity(chip.family);
  if (flash.bytes !== undefined) await loader.setFlashSize(flash.bytes);
  return {
    family: chip.family,
    chipName: chip.description ?? chip.family,
    // esptool's per-chip eFuse fields (read for the guards) give "vMAJOR.MINOR"; esptool-js's
    // own reading gives the major only, and reads the C2 and C6 with another chip's layout.
    ...(guardFacts.revisionFull !== undefined
      ? {
          revision: `v${Math.floor(guardFacts.revisionFull / 100)}.${guardFacts.revisionFull % 100}`,
        }
      : chip.revision !== undefined
        ? { revision: chip.revision }
        : {}),
    mac: chip.mac ?? "unknown",
    flashId: flash.id,
    ...(flash.size !== undefined ? { flashSize: flash.size } : {}),
    usb: loader.usb,
    ...(chip.features ? { features: chip.features } : {}),
    stub: loader.stub,
    ...hardware,
    ...guardFacts,
  };
}
