// Test counts parsed from each runner's own report, for `npm test`'s summary line. CommonJS so that the unit
// tests (compiled by tsc to CommonJS) can require it.
'use strict';

const sumOf = (text, re) => [...text.matchAll(re)].reduce((n, m) => n + Number(m[1]), 0);

/** node --test (spec: "ℹ pass 3"; tap: "# pass 3"). Cancelled tests (timeouts, crashed files) count as failed. */
function nodeTestCounts(out) {
  return {
    passed: sumOf(out, /^(?:ℹ|#) pass (\d+)/gm),
    failed: sumOf(out, /^(?:ℹ|#) fail (\d+)/gm) + sumOf(out, /^(?:ℹ|#) cancelled (\d+)/gm),
    skipped: sumOf(out, /^(?:ℹ|#) skipped (\d+)/gm) + sumOf(out, /^(?:ℹ|#) todo (\d+)/gm),
  };
}

/**
 * mocha's reporters end with "  12 passing (3s)", "  1 failing", "  2 pending"; the e2e driver prefixes the
 * extension host's lines with "    | " and prints its own block for the UI scenarios, so every block is summed.
 */
function mochaCounts(out) {
  return {
    passed: sumOf(out, /^[^\n\d]*?(\d+) passing\b/gm),
    failed: sumOf(out, /^[^\n\d]*?(\d+) failing\b/gm),
    skipped: sumOf(out, /^[^\n\d]*?(\d+) pending\b/gm),
  };
}

/** A layer's result: a non-zero exit with no counted failure, or a clean exit that ran no test, is 1 failure. */
function layerResult(counts, code, what) {
  const r = { ...counts, note: '' };
  if (code !== 0 && r.failed === 0) { r.failed = 1; r.note = `${what} exited with ${code}`; }
  else if (code === 0 && r.passed + r.failed === 0) { r.failed = 1; r.note = `${what} ran no tests`; }
  return r;
}

module.exports = { sumOf, nodeTestCounts, mochaCounts, layerResult };
