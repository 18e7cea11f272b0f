// The views an install passes through, shipped with the dialog: connect (and the Improv probe
// and wait around it, and the menu of a board without it), choose a build, confirm, write, verify, done.
import { menuStyles, renderBoardMenu } from "./board-menu.js";
import { chooseBuildStyles, renderChooseBuild } from "./choose-build.js";
import { backupOptionStyles } from "./backup-option.js";
import { renderConnecting } from "./connecting.js";
import { dataFateStyles } from "./data-fate.js";
import { renderDone } from "./done.js";
import { renderImprovWaiting, renderProbing } from "./device-wait.js";
import { progressStyles, renderProgress } from "./progress.js";
import type { ViewSet } from "./registry.js";
import { sharedStyles } from "./shared.js";
import { renderSummary, summaryStyles } from "./summary.js";
import { renderVerifying, verifyingStyles } from "./verifying.js";

export const installViews: ViewSet = {
  renderers: {
    connecting: (v, a) => renderConnecting(v.step, a),
    "choose-build": renderChooseBuild,
    summary: renderSummary,
    progress: renderProgress,
    verifying: (v) => renderVerifying(v),
    done: renderDone,
    probing: (_v, a) => renderProbing(a),
    "improv-waiting": renderImprovWaiting,
    menu: renderBoardMenu,
  },
  styles: [
    sharedStyles,
    chooseBuildStyles,
    summaryStyles,
    backupOptionStyles,
    dataFateStyles,
    menuStyles,
    progressStyles,
    verifyingStyles,
  ],
};
