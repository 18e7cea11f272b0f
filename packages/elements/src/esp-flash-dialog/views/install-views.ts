// The views an install passes through, shipped with the dialog: connect (and the Improv probe
// and wait around it), choose a build, confirm, write, verify, done.
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
  },
  styles: [
    sharedStyles,
    chooseBuildStyles,
    summaryStyles,
    backupOptionStyles,
    dataFateStyles,
    progressStyles,
    verifyingStyles,
  ],
};
