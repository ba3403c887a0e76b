// Runs Lighthouse (the version scripts/test installs into tests/.browser) on several URLs with one Chromium,
// and prints one JSON line per URL: {"url", "scores": {category: score}, "failing": [[category, audit, score,
// display value], ...]}. Used by tests/browser/checkers.py; no network beyond the loopback server it is given.
//
// usage: node lighthouse_run.mjs NODE_MODULES CHROMIUM URL...
import { pathToFileURL } from "node:url";
import { join } from "node:path";

const [modules, chromium, ...urls] = process.argv.slice(2);
const load = (relative) => import(pathToFileURL(join(modules, relative)).href);
const lighthouse = (await load("lighthouse/core/index.js")).default;
const chromeLauncher = await load("chrome-launcher/dist/index.js");

const chrome = await chromeLauncher.launch({
  chromePath: chromium,
  chromeFlags: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run"],
});
try {
  for (const url of urls) {
    const result = await lighthouse(url, { port: chrome.port, output: "json", logLevel: "error" });
    const lhr = result.lhr;
    const scores = {};
    const failing = [];
    for (const [id, category] of Object.entries(lhr.categories)) {
      scores[id] = category.score;
      for (const ref of category.auditRefs) {
        const audit = lhr.audits[ref.id];
        if (ref.weight > 0 && audit.score !== null && audit.score < 1) {
          failing.push([id, ref.id, audit.score, audit.displayValue || ""]);
        }
      }
    }
    const error = lhr.runtimeError ? lhr.runtimeError.message : null;
    process.stdout.write(JSON.stringify({ url, scores, failing, error, version: lhr.lighthouseVersion }) + "\n");
  }
} finally {
  await chrome.kill();
}
