// js-md5 types only its main entry; the lite build (no Node wrapper, no HMAC) has the same calls.
declare module "js-md5/build/md5-lite.mjs" {
  const md5: {
    /** MD5 as lowercase hex. */
    hex(message: Uint8Array): string;
  };
  export default md5;
}
