/**
 * `@sgc/frame`: the pieces of sgc that run anywhere: errors and their codes,
 * close codes, opcodes, the event classes Node 20 lacks and the `Transport`
 * contract every protocol package speaks. The codec itself (it needs `zlib`,
 * `crypto` and `Buffer`) is in `@sgc/frame/node`.
 *
 * @packageDocumentation
 */
export * from './errors.js';
export * from './close-codes.js';
export * from './opcodes.js';
export * from './events.js';
export * from './transport.js';
export * from './typed-emitter.js';
export * from './json-rpc.js';
export * from './backoff.js';
export * from './stream-header.js';
export * from './sse.js';
