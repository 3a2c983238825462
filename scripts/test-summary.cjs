#!/usr/bin/env node
// Prints one plain closing line, "N passed, N failed", over the vitest and Playwright JSON reports,
// so CI logs end with a count whichever runner failed.
const { existsSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
let passed = 0;
let failed = 0;
let skipped = 0;
let reports = 0;

const vitestFile = join(root, 'test-results', 'vitest.json');
if (existsSync(vitestFile)) {
  const report = JSON.parse(readFileSync(vitestFile, 'utf8'));
  passed += report.numPassedTests ?? 0;
  failed += report.numFailedTests ?? 0;
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  reports += 1;
}
const e2eFile = join(root, 'test-results', 'e2e.json');
if (existsSync(e2eFile)) {
  const stats = JSON.parse(readFileSync(e2eFile, 'utf8')).stats ?? {};
  passed += (stats.expected ?? 0) + (stats.flaky ?? 0);
  failed += stats.unexpected ?? 0;
  skipped += stats.skipped ?? 0;
  reports += 1;
}
if (reports === 0) {
  process.stdout.write('no test reports found\n');
  process.exit(1);
}
process.stdout.write(`${passed} passed, ${failed} failed, ${skipped} skipped\n`);
