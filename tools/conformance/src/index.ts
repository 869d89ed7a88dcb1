/**
 * `@sgc/conformance`: an Autobahn|Testsuite-equivalent harness for
 * categories 1-7, 9, 10, 12 and 13, for both roles. The fuzzing client
 * tests echo servers ({@link runServerSuite}); the fuzzing server tests
 * clients ({@link startFuzzingServer}, {@link runClientSuite}). Frames are
 * built by the harness's own encoder, never by the code under test.
 *
 * @packageDocumentation
 */
export { runServerSuite, runCaseAgainstServer, type ServerSuiteOptions } from './fuzzing-client.js';
export { startFuzzingServer, type FuzzingServer, type FuzzingServerOptions } from './fuzzing-server.js';
export { runClientSuite, type ClientSuiteOptions } from './client-suite.js';
export { allCases, selectCases, matchesPattern } from './cases/index.js';
export { formatReport, summarize, writeReport, DEFAULT_REPORT_DIR, type SuiteReport, type CategoryRow, type TesteeRole } from './report.js';
export { DEFAULT_LIMITS, FULL_LIMITS, resolveLimits, type Limits } from './limits.js';
export { Behavior, isPass, outcomeOf, type Outcome } from './verdict.js';
export type { CaseResult } from './result.js';
export type { CaseDefinition } from './case-definition.js';
export { encodeFrame, chop, type RawFrameSpec } from './raw-frame.js';
export { isValidUtf8, firstInvalidChunk } from './utf8-oracle.js';
