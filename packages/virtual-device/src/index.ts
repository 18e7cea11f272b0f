export { slipEncode } from "./slip.js";
