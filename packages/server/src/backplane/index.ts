/**
 * The scale-out backplane: the {@link Backplane} contract, the in-memory default
 * and the Redis implementation.
 *
 * @module
 */
export type {
  Backplane,
  BackplaneDeliver,
  BackplaneEnvelope,
  BackplaneErrorHandler,
  BroadcastEnvelope,
  BroadcastMessage,
  DirectEnvelope,
  DirectMessage,
} from './backplane.js';
export { MemoryBackplane, MemoryBackplaneHub, type MemoryBackplaneOptions } from './memory-backplane.js';
export { RedisBackplane, type RedisBackplaneOptions } from './redis-backplane.js';
