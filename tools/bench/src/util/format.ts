/**
 * Number and size formatting for the printed tables.
 *
 * @module
 */

/**
 * Formats a payload size the way the tables label it: `64 B`, `16 KiB`, `1 MiB`.
 *
 * @param bytes - a byte count
 * @returns the size with a binary unit
 */
export function formatSize(bytes: number): string {
  if (bytes >= 1 << 20 && bytes % (1 << 20) === 0) return `${bytes / (1 << 20)} MiB`;
  if (bytes >= 1 << 10 && bytes % (1 << 10) === 0) return `${bytes / (1 << 10)} KiB`;
  return `${bytes} B`;
}

/**
 * Formats a number with a fixed number of decimals, or `-` when there is none.
 *
 * @param value - the number, possibly missing
 * @param decimals - digits after the point
 * @returns the formatted number with thousands separators
 */
export function formatNumber(value: number | undefined, decimals = 0): string {
  if (value === undefined || !Number.isFinite(value)) return '-';
  return value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/**
 * Formats a ratio as `1.23x`, or `-` when there is none.
 *
 * @param value - the ratio, possibly missing
 * @returns the ratio with two decimals
 */
export function formatRatio(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? '-' : `${value.toFixed(2)}x`;
}

/**
 * Parses `64`, `16k`, `16KiB`, `1m` or `1MiB` into bytes.
 *
 * @param text - a size as typed on the command line
 * @returns the byte count
 * @throws Error when the text is not a positive size
 */
export function parseSize(text: string): number {
  const match = /^(\d+)\s*(b|k|kib|kb|m|mib|mb)?$/i.exec(text.trim());
  if (!match) throw new Error(`not a size: ${text}`);
  const unit = (match[2] ?? 'b').toLowerCase();
  const factor = unit.startsWith('m') ? 1 << 20 : unit.startsWith('k') ? 1 << 10 : 1;
  const bytes = Number(match[1]) * factor;
  if (bytes <= 0) throw new Error(`size must be positive: ${text}`);
  return bytes;
}

/**
 * Formats a rate in bits per second as Mbit/s (10^6 bits): `1 Mbit/s`, `0.5 Mbit/s`.
 *
 * @param bitsPerSecond - the rate
 * @returns the rate with its unit, whole numbers without decimals
 */
export function formatBitRate(bitsPerSecond: number): string {
  const mbit = bitsPerSecond / 1e6;
  return `${Number.isInteger(mbit) ? formatNumber(mbit) : formatNumber(mbit, 2)} Mbit/s`;
}
