/**
 * Assertion helpers shared by the suite tests.
 */
import { expect } from 'vitest';
import type { SuiteReport } from '../src/index.js';

/** `id behavior/behaviorClose` for every case that is not plain OK/OK. */
export function deviations(report: SuiteReport): string[] {
  return report.results.filter((r) => r.behavior !== 'OK' || r.behaviorClose !== 'OK').map((r) => `${r.id} ${r.behavior}/${r.behaviorClose}`);
}

/** Fails with the result text of each case that did not pass. */
export function expectAllPassed(report: SuiteReport): void {
  const failing = report.results.filter((r) => !r.passed).map((r) => `${r.id} ${r.behavior}/${r.behaviorClose} close=${r.remoteCloseCode}: ${r.result} / ${r.resultClose}`);
  expect(report.driverError).toBeUndefined();
  expect(failing).toEqual([]);
}
