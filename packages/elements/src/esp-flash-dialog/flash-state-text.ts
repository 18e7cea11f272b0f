// What the flash holds after a session that changed it stopped, in the person's language:
// core's FlashError carries it as data (`flash`) so it can be worded here.
import { msg, str } from "@lit/localize";
import type { FlashStateReport } from "../core-types.js";

const at = (offset: number) => `0x${offset.toString(16)}`;

export function flashStateText(flash: FlashStateReport): string {
  if (flash.condition === "verified")
    return msg("Every part was written and verified.", { id: "flash.verified" });
  if (flash.incomplete) {
    const { name, offset } = flash.incomplete;
    return msg(
      str`${name} at ${at(offset)} is incomplete: the board will not start it until you install again.`,
      { id: "flash.incomplete" },
    );
  }
  // Sent but never acknowledged: it may have happened, in part, or not at all.
  if (flash.unconfirmed)
    return msg(
      "The board did not confirm the last change: the flash may be unchanged or partly erased. Install again before using the board.",
      { id: "flash.unconfirmed" },
    );
  if (flash.erasedAll)
    return msg("The whole flash was erased: the board will not start until you install again.", {
      id: "flash.erased",
    });
  // Between parts nothing is incomplete; past the last one the final check had not passed.
  return msg("The firmware was written but not verified: install again before using the board.", {
    id: "flash.unverified",
  });
}
