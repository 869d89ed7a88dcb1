/**
 * The wire form of the sgc default protocol (sub-protocol `esegece.com`): JSON-RPC 2.0
 * requests whose methods start with `sgc@`, answered and pushed as results that name
 * their method. The manual gives the envelope; the method names and parameter keys are
 * those eSeGeCe's own `esegece.com.js` uses, so its pages work against our server.
 *
 * Client to server: `{"jsonrpc":"2.0","method":"sgc@publish","params":{"channel":"news",
 * "message":"hi","qos":"qosLevel1","queue":"queueLevel1"},"id":"<guid>"}`.
 * Server to client: `{"jsonrpc":"2.0","result":{"method":"sgc@event","channel":"news","message":"hi"}}`.
 *
 * @module
 */
import { encodeResult, isRecord, type JsonRpcId } from '@sgc/frame';

/** The sub-protocol name of the sgc default protocol. */
export const SGC_PROTOCOL = 'esegece.com';

/** The `sgc@` methods of the default protocol. */
export const SgcMethod = {
  /** A plain message: to the server's `message` event, to one connection by `guid`, or pushed to a client. */
  Message: 'sgc@message',
  /** A message to every connection of the protocol (or of one channel). */
  Broadcast: 'sgc@broadcast',
  Subscribe: 'sgc@subscribe',
  Unsubscribe: 'sgc@unsubscribe',
  UnsubscribeAll: 'sgc@unsubscribe_all',
  Publish: 'sgc@publish',
  /** A published message, pushed to a subscriber. */
  Event: 'sgc@event',
  /** The connection's id, pushed after connecting and on request. */
  Session: 'sgc@session',
  /** The answer that a publish (QoS 1, QoS 2 after `sgc@pubrel`, in a transaction) or transaction call is done. */
  Acknowledgment: 'sgc@acknowledgment',
  Transaction: 'sgc@transaction',
  Commit: 'sgc@commit',
  Rollback: 'sgc@rollback',
  /** QoS 2, step 2: the server stored the publish. */
  PubRec: 'sgc@pubrec',
  /** QoS 2, step 3: the client releases the stored publish. */
  PubRel: 'sgc@pubrel',
  /** WebRTC signalling (an offer, answer or ICE candidate) relayed to a channel's other subscribers. */
  WebRtc: 'sgc@webrtc',
} as const;

/** The sub-protocol name of the manual's WebRTC signalling (the default protocol plus `sgc@webrtc`). */
export const WEBRTC_PROTOCOL = 'webrtc.esegece.com';

/**
 * Delivery guarantee of a publish (the manual's QoS): 0 fire and forget, 1 acknowledged
 * (resent until then), 2 exactly once (publish, pubrec, pubrel, acknowledgment).
 */
export type QoSLevel = 0 | 1 | 2;

/**
 * What the server keeps of a channel's published messages for later subscribers: 0
 * nothing, 1 the last message, 2 every message (up to the server's bound).
 */
export type QueueLevel = 0 | 1 | 2;

const QOS_NAMES = ['qosLevel0', 'qosLevel1', 'qosLevel2'] as const;
const QUEUE_NAMES = ['queueLevel0', 'queueLevel1', 'queueLevel2'] as const;

/**
 * The wire name of a QoS level (`qosLevel0` to `qosLevel2`).
 *
 * @param level - the level
 * @returns its name
 */
export function qosName(level: QoSLevel): string {
  return QOS_NAMES[level];
}

/**
 * The wire name of a queue level (`queueLevel0` to `queueLevel2`).
 *
 * @param level - the level
 * @returns its name
 */
export function queueName(level: QueueLevel): string {
  return QUEUE_NAMES[level];
}

/**
 * Reads a QoS level from its wire name; absent or unknown names mean level 0.
 *
 * @param name - `qosLevel0`, `qosLevel1` or `qosLevel2`
 * @returns the level
 */
export function parseQoS(name: unknown): QoSLevel {
  const level = QOS_NAMES.indexOf(name as (typeof QOS_NAMES)[number]);
  return level < 0 ? 0 : (level as QoSLevel);
}

/**
 * Reads a queue level from its wire name; absent or unknown names mean level 0.
 *
 * @param name - `queueLevel0`, `queueLevel1` or `queueLevel2`
 * @returns the level
 */
export function parseQueue(name: unknown): QueueLevel {
  const level = QUEUE_NAMES.indexOf(name as (typeof QUEUE_NAMES)[number]);
  return level < 0 ? 0 : (level as QueueLevel);
}

/** The parameters of an `sgc@` request, as far as the protocol reads them. */
export interface SgcParams {
  /** The channel, for channel methods; `''` when absent. */
  readonly channel: string;
  /** The payload: any JSON value (`esegece.com.js` sends strings and raw JSON). */
  readonly message: unknown;
  /** The connection a `sgc@message` is for, when the sender names one. */
  readonly guid: string | undefined;
  readonly qos: QoSLevel;
  readonly queue: QueueLevel;
}

/**
 * Reads the parameters of an `sgc@` request; missing members take their defaults
 * (empty channel, `''` message, level 0).
 *
 * @param params - the request's `params`
 * @returns the parameters
 */
export function readSgcParams(params: unknown): SgcParams {
  const record = isRecord(params) ? params : {};
  return {
    channel: typeof record.channel === 'string' ? record.channel : '',
    message: record.message ?? '',
    guid: typeof record.guid === 'string' && record.guid !== '' ? record.guid : undefined,
    qos: parseQoS(record.qos),
    queue: parseQueue(record.queue),
  };
}

/**
 * Writes a server push or answer: a result naming its `sgc@` method.
 *
 * @param method - the method the result is for
 * @param fields - `channel`, `message` and `guid` (the sender) as the method needs
 * @param id - the request it answers, if any
 * @returns the JSON text
 * @example
 * ```ts
 * encodeSgcResult(SgcMethod.Event, { channel: 'news', message: 'hi' });
 * // '{"jsonrpc":"2.0","result":{"method":"sgc@event","channel":"news","message":"hi"}}'
 * ```
 */
export function encodeSgcResult(method: string, fields: { channel?: string; message?: unknown; guid?: string } = {}, id?: JsonRpcId): string {
  return encodeResult({ method, ...fields }, id);
}

/**
 * The `sgc@` method a result names, if it is an sgc push or answer rather than an RPC result.
 *
 * @param result - a response's `result`
 * @returns the method, or `undefined`
 */
export function sgcResultMethod(result: unknown): string | undefined {
  if (!isRecord(result) || typeof result.method !== 'string') return undefined;
  return result.method.startsWith('sgc@') ? result.method : undefined;
}
