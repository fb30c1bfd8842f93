// Sums vitest JSON reports into the one closing line CI reads: "N passed, N failed, N skipped".
// A project whose report is missing (it crashed before reporting) counts as one failure.
// Before that line, every failed test with the start of its message: CI keeps only the end of
// the output, and the failure of an early stage must still be readable there.
import { existsSync, readFileSync } from "node:fs";
import { basename } from "node:path";

let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];
for (const file of process.argv.slice(2)) {
  if (!existsSync(file)) {
    failed += 1;
    failures.push(`${basename(file, ".json")}: no report (the project crashed before reporting)`);
    continue;
  }
  const report = JSON.parse(readFileSync(file, "utf8"));
  passed += report.numPassedTests;
  failed += report.numFailedTests + (report.success || report.numFailedTests ? 0 : 1);
  skipped += report.numPendingTests + report.numTodoTests;
  for (const suite of report.testResults ?? []) {
    const where = suite.name.replace(process.cwd() + "/", "");
    for (const t of suite.assertionResults ?? [])
      if (t.status === "failed")
        failures.push(`${where} > ${t.fullName}\n    ${firstLines(t.failureMessages?.[0])}`);
    if (
      suite.status === "failed" &&
      !(suite.assertionResults ?? []).some((t) => t.status === "failed")
    )
      failures.push(`${where}: ${firstLines(suite.message)}`);
  }
}
if (failures.length) console.log(`failed tests:\n${failures.map((f) => `- ${f}`).join("\n")}`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);

/** The first lines of a failure message, without colour codes: enough to know what failed. */
function firstLines(message) {
  return String(message ?? "")
    .replace(/\x1b\[[0-9;]*m/g, "")
    .split("\n")
    .slice(0, 6)
    .join("\n    ")
    .slice(0, 1200);
}
