/**
 * One throttle measurement: connect a client throttled in one direction,
 * keep that direction's pipe full, and read the rate where the bytes arrive,
 * after a warm-up.
 *
 * @module
 */
import type { ChildHandle } from '../ipc/child-handle.js';
import { delay } from '../util/time.js';
import { rateBetween } from './arrival-counter.js';
import type { StreamCommands } from './commands.js';
import { bufferCapFor, messageSizeFor } from './sizing.js';
import type { ThrottleRig } from './throttle-rig.js';

/** Which side is throttled: `send` is client to server, `receive` server to client. */
export type ThrottleDirection = 'send' | 'receive';

/** Both directions, in the order each round measures them. */
export const THROTTLE_DIRECTIONS: readonly ThrottleDirection[] = ['send', 'receive'];

/** One direction, one rate, one round. */
export interface ThrottleSample {
  readonly direction: ThrottleDirection;
  /** The configured limit. */
  readonly bitsPerSecond: number;
  readonly round: number;
  /** Payload bytes per message. */
  readonly messageSize: number;
  /** Messages counted in the window. */
  readonly messages: number;
  /** The window from first to last counted arrival. */
  readonly spanMs: number;
  /** Frame bytes (what the throttle limits) per second at the receiving side, in bits. */
  readonly frameBitsPerSecond: number;
  /** Payload bits per second at the receiving side. */
  readonly payloadBitsPerSecond: number;
  /** `frameBitsPerSecond / bitsPerSecond`: the figure the target is stated in. */
  readonly ratio: number;
}

/** Timing of one measurement. */
export interface ThrottleWindow {
  /** Skipped before counting: the token bucket starts full (a 50 ms burst), and buffers fill. */
  readonly warmupMs: number;
  readonly measureMs: number;
}

/** Bound on connecting, starting and stopping. */
const STEP_TIMEOUT_MS = 10_000;

/**
 * Measures one direction at one rate.
 *
 * @param rig - the running children
 * @param direction - which direction is throttled and measured
 * @param bitsPerSecond - the configured rate
 * @param round - recorded in the sample
 * @param window - warm-up and window length
 * @returns the sample
 * @throws Error when the connection fails, nothing arrives, or a child does not answer in time
 */
export async function measureRate(
  rig: ThrottleRig,
  direction: ThrottleDirection,
  bitsPerSecond: number,
  round: number,
  window: ThrottleWindow,
): Promise<ThrottleSample> {
  const size = messageSizeFor(bitsPerSecond);
  const cap = bufferCapFor(bitsPerSecond);
  const { client } = rig;
  const sender: ChildHandle<StreamCommands> = direction === 'send' ? rig.client : rig.server;
  const counter: ChildHandle<StreamCommands> = direction === 'send' ? rig.server : rig.client;
  await client.call(
    'connect',
    {
      port: rig.port,
      sendBitsPerSecond: direction === 'send' ? bitsPerSecond : 0,
      receiveBitsPerSecond: direction === 'receive' ? bitsPerSecond : 0,
      highWaterMark: cap,
    },
    STEP_TIMEOUT_MS,
  );
  let stopped = false;
  try {
    await sender.call('streamStart', { size, cap }, STEP_TIMEOUT_MS);
    await delay(window.warmupMs);
    const first = await counter.call('mark', {}, STEP_TIMEOUT_MS);
    await delay(window.measureMs);
    const second = await counter.call('mark', {}, STEP_TIMEOUT_MS);
    const { failures } = await sender.call('streamStop', {}, STEP_TIMEOUT_MS);
    stopped = true;
    if (failures.length > 0) throw new Error(`sending failed: ${failures.slice(0, 3).join('; ')}`);
    const rate = rateBetween(first, second);
    if (!rate) throw new Error(`no message arrived ${first.lastArrivalMs === null ? 'during the warm-up' : 'in the measured window'}`);
    return {
      direction,
      bitsPerSecond,
      round,
      messageSize: size,
      messages: rate.messages,
      spanMs: rate.spanMs,
      frameBitsPerSecond: rate.frameBitsPerSecond,
      payloadBitsPerSecond: rate.payloadBitsPerSecond,
      ratio: rate.frameBitsPerSecond / bitsPerSecond,
    };
  } finally {
    if (!stopped) await sender.call('streamStop', {}, STEP_TIMEOUT_MS).catch(() => {});
    await client.call('disconnect', {}, STEP_TIMEOUT_MS).catch(() => {});
  }
}
