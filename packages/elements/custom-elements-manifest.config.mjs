// The analyzer would otherwise rewrite package.json's "customElements" to wherever --outdir
// points (packages/consumers analyzes into a temporary folder to check the output is stable).
export default { packagejson: false };
