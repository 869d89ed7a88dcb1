/**
 * The Node.js half of `@sgc/frame`: the frame parser and serializer, masking,
 * UTF-8 validation, permessage-deflate and deflate-frame, handshake helpers and
 * the socket-bound WebSocket session shared by `@sgc/server` and `@sgc/client`.
 *
 * @packageDocumentation
 */
export * from './index.js';
export * from './mask.js';
export * from './utf8.js';
export * from './frame-serializer.js';
export * from './frame-parser.js';
export * from './extension-header.js';
export * from './deflate-negotiation.js';
export * from './deflate-codec.js';
export * from './handshake.js';
export * from './session.js';
export * from './prepared-message.js';
export * from './heartbeat.js';
export * from './throttle.js';
export * from './connection-log.js';
export * from './tcp-framing.js';
export * from './tcp-session.js';
export * from './socket-binding.js';
export * from './emit-mode.js';
