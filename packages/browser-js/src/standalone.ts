/**
 * The entry of the classic script `dist/sgcWebSockets.js`: pages load it with a plain
 * `<script src="/sgcWebSockets.js">` and use the manual's globals.
 *
 * @module
 */
import { sgcWebSocket } from './sgc-websocket.js';
import { sgcWSStreamRead } from './stream-read.js';

Object.assign(globalThis, { sgcWebSocket, sgcWSStreamRead });
