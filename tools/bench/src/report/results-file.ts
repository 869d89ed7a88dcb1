/**
 * Writes a run's raw samples and summaries to `tools/bench/results/` (git-ignored),
 * one JSON file per run, named by its start time.
 *
 * @module
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/** `tools/bench/results/`, resolved from `dist/report/`. */
const RESULTS_DIR = new URL('../../results/', import.meta.url);

/**
 * Saves `data` as `results/<timestamp>.json`.
 *
 * @param startedAt - the run's start, which names the file
 * @param data - anything JSON can hold
 * @returns the path written
 */
export async function saveResults(startedAt: Date, data: unknown): Promise<string> {
  await mkdir(RESULTS_DIR, { recursive: true });
  // Colons are not allowed in Windows file names.
  const file = new URL(`${startedAt.toISOString().replace(/[:.]/g, '-')}.json`, RESULTS_DIR);
  await writeFile(file, JSON.stringify(data, null, 2) + '\n');
  return fileURLToPath(file);
}
