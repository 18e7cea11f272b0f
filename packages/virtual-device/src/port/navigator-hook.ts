// How installVirtualSerial and installVirtualUsb reach a page: through navigator.serial /
// navigator.usb, shadowing the browser's own methods where it has the API, else defining it.

/** Shadow a method with an own property; the undo restores what was there. */
function override(target: object, key: string, value: unknown): () => void {
  const previous = Object.getOwnPropertyDescriptor(target, key);
  Object.defineProperty(target, key, { value, configurable: true, writable: true });
  return () => {
    if (previous) Object.defineProperty(target, key, previous);
    else delete (target as Record<string, unknown>)[key];
  };
}

/**
 * Offer `methods` at `navigator[key]`: on the browser's own object (`existing`) when there is
 * one, else by defining `api` there. Each undo goes onto `restore`.
 */
export function hookNavigator(
  nav: object,
  key: string,
  existing: object | undefined,
  api: object,
  methods: Record<string, unknown>,
  restore: (() => void)[],
): void {
  if (existing) {
    for (const [name, method] of Object.entries(methods))
      restore.push(override(existing, name, method));
  } else {
    Object.defineProperty(nav, key, { value: api, configurable: true, writable: true });
    restore.push(() => delete (nav as Record<string, unknown>)[key]);
  }
}
