// Typed loosely so the docs typecheck before the file exists (see optional-json.ts).
declare module "@esp-flash/elements/custom-elements.json" {
  const manifest: unknown;
  export default manifest;
}
