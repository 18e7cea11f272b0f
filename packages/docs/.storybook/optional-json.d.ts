// Typed loosely so the docs typecheck before these files exist (see optional-json.ts).
declare module "@esp-flash/elements/custom-elements.json" {
  const manifest: unknown;
  export default manifest;
}
declare module "@esp-flash/core/manifest.schema.json" {
  const schema: unknown;
  export default schema;
}
