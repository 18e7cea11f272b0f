import { checkFilters, matchesFilters, type SerialPortRequestOptionsLike } from "./filters.js";
import { VirtualSerialPort } from "./virtual-serial-port.js";
import { domError, type WireDevice } from "./wire.js";
import { hookNavigator } from "./navigator-hook.js";

/** The parts of `navigator.serial` this module reads and replaces. */
interface SerialLike extends EventTarget {
  requestPort(options?: SerialPortRequestOptionsLike): Promise<unknown>;
  getPorts(): Promise<unknown[]>;
}

export interface InstallVirtualSerialOptions<D extends WireDevice = WireDevice> {
  /** Offer real ports too where the browser has Web Serial (default true). */
  keepReal?: boolean;
  /**
   * Picks for requestPort() among the virtual ports matching the filters; return
   * "real" for the browser's own picker, or null for "user cancelled". Default: the first.
   */
  choose?: (
    ports: VirtualSerialPort<D>[],
    options: SerialPortRequestOptionsLike | undefined,
  ) =>
    | VirtualSerialPort<D>
    | "real"
    | null
    | undefined
    | Promise<VirtualSerialPort<D> | "real" | null | undefined>;
  /** The object to install on; default `globalThis.navigator` (created in Node 20, which has none). */
  navigator?: { serial?: unknown };
}

export interface VirtualSerialInstallation<D extends WireDevice = WireDevice> {
  uninstall(): void;
  /** One port per device, the same object every time. */
  readonly ports: VirtualSerialPort<D>[];
}

const NO_PORT = "No port selected by the user.";

/**
 * Make `navigator.serial.requestPort()` / `getPorts()` offer virtual devices, beside the
 * real ports when the browser has Web Serial, or as the only ones (defining
 * `navigator.serial`) where it has none. `uninstall()` puts everything back.
 */
export function installVirtualSerial<D extends WireDevice>(
  devices: D[] | (() => D[]),
  options: InstallVirtualSerialOptions<D> = {},
): VirtualSerialInstallation<D> {
  const restore: (() => void)[] = [];
  const nav = options.navigator ?? globalNavigator(restore);
  const existing = nav.serial as SerialLike | undefined;
  const real = existing && options.keepReal !== false ? snapshot(existing) : undefined;
  const serial: SerialLike =
    existing ??
    new VirtualSerial(
      (r) => requestPort(r),
      () => getPorts(),
    );
  const cache = new Map<D, VirtualSerialPort<D>>();

  const portFor = (device: D) => {
    let port = cache.get(device);
    if (!port) {
      port = new VirtualSerialPort(device);
      // Chrome fires connect/disconnect at the port and bubbles them to navigator.serial.
      for (const type of ["connect", "disconnect"]) {
        port.addEventListener(type, () => serial.dispatchEvent(eventFrom(type, port!)));
      }
      cache.set(device, port);
    }
    return port;
  };
  const current = () => (typeof devices === "function" ? devices() : devices).map(portFor);
  const available = () => current().filter((p) => p.connected);

  const requestPort = async (request?: SerialPortRequestOptionsLike) => {
    checkFilters(request);
    const candidates = available().filter((p) => matchesFilters(p.getInfo(), request));
    const picked = options.choose
      ? await options.choose(candidates, request)
      : (candidates[0] ?? (real ? "real" : null));
    if (picked === "real" && real) return real.requestPort(request);
    if (picked && picked !== "real") return picked;
    throw domError("NotFoundError", NO_PORT);
  };
  const getPorts = async () => [...(real ? await real.getPorts() : []), ...available()];

  hookNavigator(nav, "serial", existing, serial, { requestPort, getPorts }, restore);
  return {
    uninstall: () => {
      for (const undo of restore.splice(0).reverse()) undo();
    },
    get ports() {
      return current();
    },
  };
}

/** `navigator.serial` for browsers without Web Serial (and Node). */
class VirtualSerial extends EventTarget {
  onconnect: ((event: Event) => unknown) | null = null;
  ondisconnect: ((event: Event) => unknown) | null = null;

  constructor(
    readonly requestPort: SerialLike["requestPort"],
    readonly getPorts: SerialLike["getPorts"],
  ) {
    super();
    this.addEventListener("connect", (e) => this.onconnect?.(e));
    this.addEventListener("disconnect", (e) => this.ondisconnect?.(e));
  }
}

function globalNavigator(restore: (() => void)[]): { serial?: unknown } {
  const g = globalThis as { navigator?: { serial?: unknown } };
  if (g.navigator) return g.navigator;
  const nav = {};
  Object.defineProperty(globalThis, "navigator", {
    value: nav,
    configurable: true,
    writable: true,
  });
  restore.push(() => delete g.navigator);
  return nav;
}

/** The real methods, bound, before we shadow them. */
function snapshot(serial: SerialLike): Pick<SerialLike, "requestPort" | "getPorts"> {
  return { requestPort: serial.requestPort.bind(serial), getPorts: serial.getPorts.bind(serial) };
}

/** An event for navigator.serial whose target is the port, as a bubbled one would be. */
function eventFrom(type: string, port: EventTarget): Event {
  const event = new Event(type);
  Object.defineProperty(event, "target", { value: port });
  return event;
}
