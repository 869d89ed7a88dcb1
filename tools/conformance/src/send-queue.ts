/**
 * Ordered writes with Autobahn's "sync" semantics: a sync item goes out in
 * its own `write()` and the next one waits until it has been handed to the
 * kernel plus one event-loop turn, so that with Nagle off (`setNoDelay`)
 * each chop leaves as its own TCP segment. This is how cases test that a
 * peer is agnostic to how the octet stream is cut up (e.g. 5.20, 9.5.x).
 *
 * @module
 */
import type { Socket } from 'node:net';
import { setImmediate as nextTurn } from 'node:timers/promises';

interface Item {
  data: Buffer;
  sync: boolean;
  /** Half-close (FIN) instead of writing. */
  end?: true;
}

/** A FIFO of writes to one socket. */
export class SendQueue {
  private readonly items: Item[] = [];
  private pumping = false;
  /** Octets written, by write size (Autobahn's txOctetStats). */
  readonly octetStats = new Map<number, number>();

  /** @param socket - the connection; writes stop once it is destroyed */
  constructor(private readonly socket: Socket) {}

  /**
   * Queues octets.
   *
   * @param data - what to write
   * @param sync - write alone and wait for it before the next item
   */
  push(data: Buffer, sync: boolean): void {
    this.items.push({ data, sync });
    if (!this.pumping) void this.pump();
  }

  /** Queues a FIN after everything already queued. */
  end(): void {
    this.items.push({ data: Buffer.alloc(0), sync: false, end: true });
    if (!this.pumping) void this.pump();
  }

  /** Whether everything queued has been passed to the socket. */
  get idle(): boolean {
    return !this.pumping && this.items.length === 0;
  }

  private async pump(): Promise<void> {
    this.pumping = true;
    try {
      for (let item = this.items.shift(); item; item = this.items.shift()) {
        if (this.socket.destroyed || !this.socket.writable) {
          this.items.length = 0;
          break;
        }
        if (item.end) {
          this.socket.end();
          continue;
        }
        this.octetStats.set(item.data.length, (this.octetStats.get(item.data.length) ?? 0) + 1);
        if (!item.sync) {
          this.socket.write(item.data);
          continue;
        }
        await new Promise<void>((resolve) => this.socket.write(item.data, () => resolve()));
        await nextTurn();
      }
    } finally {
      this.pumping = false;
    }
  }
}
