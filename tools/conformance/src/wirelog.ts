/**
 * A bounded wire log in Autobahn's row format (`TF`, `RF`, `TO`, `RO`,
 * `KL`, `CT`, ...), so a case report reads like Autobahn's.
 *
 * @module
 */
import { printable } from './utf8-oracle.js';

/** One row: a tag followed by its fields, as in Autobahn's case JSON. */
export type WirelogRow = Array<string | number | boolean | null>;

/** Rows kept per case; 9.x/12.x would otherwise log megabytes. */
const MAX_ROWS = 400;
/** Payload bytes shown per row, like Autobahn's MAX_WIRE_LOG_DATA. */
const MAX_DATA = 256;

/** Collects rows until it is full or disabled. */
export class Wirelog {
  readonly rows: WirelogRow[] = [];
  /** Mirrors Autobahn's createWirelog switch. */
  enabled = true;
  /** Rows dropped because the log was full. */
  dropped = 0;

  /**
   * Appends a row if logging is on and there is room.
   *
   * @param row - the row
   */
  add(row: WirelogRow): void {
    if (!this.enabled) return;
    if (this.rows.length >= MAX_ROWS) {
      this.dropped++;
      return;
    }
    this.rows.push(row);
  }

  /**
   * Formats payload octets for a row.
   *
   * @param data - the octets
   * @returns text or hex, cut to 256 bytes
   */
  static data(data: Uint8Array): string {
    return printable(data, MAX_DATA);
  }

  /**
   * Formats raw octets as hex for TO/RO rows.
   *
   * @param data - the octets
   * @returns hex, cut to 256 bytes
   */
  static hex(data: Uint8Array): string {
    const b = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    return b.subarray(0, MAX_DATA).toString('hex') + (b.length > MAX_DATA ? ' ...' : '');
  }
}
