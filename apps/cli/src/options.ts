/**
 * Option parsing shared by the commands.
 *
 * @module
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError } from './cli-error.js';

/**
 * Parses a command's flags; unknown flags and positionals are usage errors.
 *
 * @param args - the arguments after the command name
 * @param options - the flags the command knows
 * @returns the parsed values
 * @throws {@link CliError} on an unknown or malformed flag
 */
export function parseFlags<T extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: T,
): ReturnType<typeof parseArgs<{ args: string[]; options: T; strict: true; allowPositionals: false }>>['values'] {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new CliError((error as Error).message);
  }
}

/**
 * Reads a TCP port flag.
 *
 * @param value - the flag's text
 * @param fallback - used when the flag is absent
 * @returns the port
 * @throws {@link CliError} when the value is not an integer from 0 to 65535
 */
export function portFlag(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`invalid port: ${value}`);
  return port;
}
