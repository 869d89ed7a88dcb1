/**
 * A usage error: the CLI prints its message and exits with code 2.
 */
export class CliError extends Error {
  override get name(): string {
    return 'CliError';
  }
}
