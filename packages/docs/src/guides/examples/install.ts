import {
  FlashError,
  FlashSession,
  loadManifest,
  type FlashResult,
  type SerialPortLike,
} from "@esp-flash/core";

/** Flashes the board on `port` with the manifest's build for its chip, reporting each step. */
export async function install(
  port: SerialPortLike,
  manifestUrl: string,
  log: (line: string) => void,
): Promise<FlashResult> {
  const session = new FlashSession({
    port,
    manifest: await loadManifest(manifestUrl),
    // Called before anything is written: false cancels, { erase: true } erases first.
    confirm: (plan) => {
      log(`Writing ${plan.totalBytes} bytes of ${plan.build.name ?? plan.build.chipFamily}`);
      return true;
    },
  });
  session.addEventListener("device", (e) =>
    log(`Found ${e.detail.chipName}, ${e.detail.flashSize ?? "unknown"} flash`),
  );
  session.addEventListener("patch", (e) => log(`${e.detail.part}: ${e.detail.text}`)); // "header 1MB → 4MB"
  session.addEventListener("progress", (e) => {
    const { overallWritten, overallTotal, bytesPerSecond, etaSeconds } = e.detail;
    const eta = etaSeconds === undefined ? "" : `, ${Math.ceil(etaSeconds)} s left`;
    log(
      `${Math.round((100 * overallWritten) / overallTotal)}% at ${Math.round(bytesPerSecond / 1024)} KB/s${eta}`,
    );
  });
  session.addEventListener("verify", (e) =>
    log(`${e.detail.part}: ${e.detail.ok ? "verified" : "differs"}`),
  );
  try {
    return await session.run(); // connect, detect, download, patch, write, verify, reset
  } catch (error) {
    if (error instanceof FlashError)
      log(`Failed while ${error.step}: ${error.message} ${error.advice ?? ""}`);
    throw error;
  }
}
