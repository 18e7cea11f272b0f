// MD5 of bytes on this host (images before writing, flash read back): js-md5's plain-JS build,
// the same code in Node, in browsers and in the prepare worker. No eval and no WebAssembly, so a
// strict CSP allows it; ≈4× the speed of @noble/hashes' MD5 (see the README's dependency notes).
import md5 from "js-md5/build/md5-lite.mjs";

/** MD5 of `bytes`, lowercase hex. */
export function md5Hex(bytes: Uint8Array): string {
  return md5.hex(bytes);
}
