/**
 * Argument checks, envelope builders and the guarded `deliver` call that every
 * backplane implementation shares.
 *
 * @module
 * @internal
 */
import { ErrorCode, SgcError } from '@sgc/frame';
import { isChannelWildcards, type ChannelWildcards } from '../channel-pattern.js';
import type {
  BackplaneDeliver,
  BackplaneEnvelope,
  BackplaneErrorHandler,
  BroadcastEnvelope,
  BroadcastMessage,
  DirectEnvelope,
  DirectMessage,
} from './backplane.js';

/**
 * Rejects an empty or non-string id.
 *
 * @internal
 * @param what - names the id in the message ("node id", "connection id")
 * @param id - the value to check
 * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_INVALID_ARGUMENT`
 */
export function checkId(what: string, id: unknown): asserts id is string {
  if (typeof id !== 'string' || id.length === 0) {
    throw new SgcError(ErrorCode.InvalidArgument, `The ${what} must be a non-empty string`);
  }
}

/**
 * Rejects a time to live that is not a positive whole number of milliseconds.
 *
 * @internal
 * @param ttlMs - the value to check
 * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_INVALID_ARGUMENT`
 */
export function checkTtl(ttlMs: number): void {
  if (!Number.isInteger(ttlMs) || ttlMs <= 0) {
    throw new SgcError(ErrorCode.InvalidArgument, `The TTL must be a positive whole number of milliseconds, got ${ttlMs}`);
  }
}

/**
 * The node id of a started backplane.
 *
 * @internal
 * @param node - the backplane's node id, `undefined` when not started
 * @returns the node id
 * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_NOT_OPEN` when the backplane is not started
 */
export function startedNode(node: string | undefined): string {
  if (node === undefined) throw new SgcError(ErrorCode.NotOpen, 'The backplane is not started');
  return node;
}

/**
 * Calls `deliver`, turning a throw into an `onError` report: the caller is a fan-out
 * loop or a Redis message handler, and one faulty handler must not stop the rest.
 *
 * @internal
 * @param deliver - the node's callback
 * @param envelope - what to hand it
 * @param onError - where a throw is reported; dropped when absent
 */
export function deliverSafely(
  deliver: BackplaneDeliver,
  envelope: BackplaneEnvelope,
  onError: BackplaneErrorHandler | undefined,
): void {
  try {
    deliver(envelope);
  } catch (error) {
    onError?.(new SgcError(ErrorCode.InvalidState, `The backplane deliver callback threw: ${String(error)}`, { cause: error }));
  }
}

/**
 * Builds the envelope of a broadcast from the caller's message, copying only the
 * fields the backplane defines, so every node sees exactly what Redis would carry.
 *
 * @internal
 * @param message - the caller's broadcast
 * @param origin - the publishing node's id
 * @returns the envelope
 * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_INVALID_ARGUMENT` for data that is neither a string nor bytes, or a malformed filter
 */
export function broadcastEnvelope(message: BroadcastMessage, origin: string): BroadcastEnvelope {
  checkData(message.data);
  const envelope: { -readonly [K in keyof BroadcastEnvelope]: BroadcastEnvelope[K] } = { kind: 'broadcast', origin, data: message.data };
  if (message.channel !== undefined) envelope.channel = checkString('channel', message.channel);
  if (message.wildcards !== undefined) envelope.wildcards = checkWildcards(message.wildcards);
  if (message.protocol !== undefined) envelope.protocol = checkString('protocol', message.protocol);
  if (message.include !== undefined) envelope.include = checkIds('include', message.include);
  if (message.exclude !== undefined) envelope.exclude = checkIds('exclude', message.exclude);
  return envelope;
}

/**
 * Builds the envelope of a direct message from the caller's message.
 *
 * @internal
 * @param message - the caller's message
 * @param origin - the sending node's id
 * @returns the envelope
 * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_INVALID_ARGUMENT` for an empty connection id or bad data
 */
export function directEnvelope(message: DirectMessage, origin: string): DirectEnvelope {
  checkId('connection id', message.connectionId);
  checkData(message.data);
  return { kind: 'direct', origin, connectionId: message.connectionId, data: message.data };
}

function checkData(data: unknown): void {
  if (typeof data !== 'string' && !(data instanceof Uint8Array)) {
    throw new SgcError(ErrorCode.InvalidArgument, 'Backplane data must be a string or a Uint8Array');
  }
}

function checkString(what: string, value: unknown): string {
  if (typeof value !== 'string') throw new SgcError(ErrorCode.InvalidArgument, `The ${what} filter must be a string`);
  return value;
}

function checkWildcards(value: unknown): ChannelWildcards {
  if (!isChannelWildcards(value)) throw new SgcError(ErrorCode.InvalidArgument, `The wildcards filter must be 'star' or 'mask'`);
  return value;
}

function checkIds(what: string, ids: unknown): readonly string[] {
  if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string')) {
    throw new SgcError(ErrorCode.InvalidArgument, `The ${what} filter must be an array of connection ids`);
  }
  return ids as readonly string[];
}
