/**
 * Targets and small tools for the dial tests: TCP and TLS echo servers on loopback, a
 * round-trip check, and a byte-by-byte writer for fake proxies.
 *
 * @module
 */
import { once } from 'node:events';
import { createServer as createNetServer, type Server, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { createServer as createTlsServer } from 'node:tls';
import { testCertificates } from '@sgc/test-certs';

/** A running echo server. */
export interface EchoServer {
  /** Its port (the same on every address it listens on). */
  readonly port: number;
  /** How many connections it has accepted. */
  readonly connections: () => number;
  /** Closes the listeners and every open connection. */
  close(): Promise<void>;
}

/** Options of {@link startEchoServer}. */
export interface EchoOptions {
  /** Serve TLS: `'trusted'` with the test CA's server certificate, `'untrusted'` self-signed. */
  readonly tls?: 'trusted' | 'untrusted';
  /** Also listen on ::1 (same port), so a name like `localhost` works whichever family it resolves to. */
  readonly dualStack?: boolean;
  /** Send this first, before echoing (a server-speaks-first protocol). */
  readonly banner?: string;
  /** Listen on ::1 only. */
  readonly ipv6Only?: boolean;
}

/**
 * Starts an echo server on 127.0.0.1 (and/or ::1), port 0.
 *
 * @param options - TLS, address families, banner
 * @returns the server
 */
export async function startEchoServer(options: EchoOptions = {}): Promise<EchoServer> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const onSocket = (socket: Socket): void => {
    accepted++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    if (options.banner !== undefined) socket.write(options.banner);
    socket.on('data', (data) => socket.write(data));
  };
  const make = (): Server => {
    if (options.tls === undefined) return createNetServer(onSocket);
    const certs = testCertificates();
    const [cert, key] = options.tls === 'trusted' ? [certs.serverCert, certs.serverKey] : [certs.untrustedCert, certs.untrustedKey];
    const server = createTlsServer({ cert, key }, onSocket);
    // A client that rejects our certificate makes the server side fail too; that is expected.
    server.on('tlsClientError', () => undefined);
    return server;
  };
  const servers: Server[] = [];
  const listen = async (host: string, port: number): Promise<number> => {
    const server = make();
    server.listen(port, host);
    await Promise.race([once(server, 'listening'), once(server, 'error').then(([error]) => Promise.reject(error as Error))]);
    servers.push(server);
    return (server.address() as { port: number }).port;
  };
  const closeAll = async (): Promise<void> => {
    for (const socket of sockets) socket.destroy();
    await Promise.all(servers.splice(0).map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
  };

  let port: number;
  if (options.ipv6Only) port = await listen('::1', 0);
  else if (!options.dualStack) port = await listen('127.0.0.1', 0);
  else {
    // Find a port free on both loopbacks; a clash on ::1 is rare, so retry a few times.
    for (let attempt = 0; ; attempt++) {
      port = await listen('127.0.0.1', 0);
      try {
        await listen('::1', port);
        break;
      } catch (error) {
        await closeAll();
        if (attempt >= 5) throw error;
      }
    }
  }
  return { port, connections: () => accepted, close: closeAll };
}

/**
 * Writes `text` and waits until the same bytes come back (after an optional banner).
 *
 * @param socket - a socket to an echo server
 * @param text - what to send
 * @param prefix - bytes the server sends before echoing
 * @returns everything received: `prefix + text`
 */
export async function roundTrip(socket: Socket, text: string, prefix = ''): Promise<string> {
  const expected = prefix + text;
  let received = '';
  const done = new Promise<string>((resolve, reject) => {
    const onData = (data: Buffer): void => {
      received += data.toString('utf8');
      if (received.length >= expected.length) {
        socket.removeListener('data', onData);
        socket.removeListener('error', reject);
        resolve(received);
      }
    };
    socket.on('data', onData);
    socket.once('error', reject);
  });
  socket.write(text);
  return done;
}

/**
 * Writes bytes one at a time, each in its own TCP segment, so the reader sees split replies.
 *
 * @param socket - where to write
 * @param bytes - what to write
 */
export async function dribble(socket: Socket, bytes: Buffer | string): Promise<void> {
  socket.setNoDelay(true);
  for (const byte of Buffer.from(bytes)) {
    if (socket.destroyed) return;
    socket.write(Buffer.of(byte));
    await sleep(1);
  }
}

/** What {@link byteReader} returns. */
export interface ByteReader {
  /** Resolves with the next `length` bytes. */
  read(length: number): Promise<Buffer>;
  /** Resolves with the bytes up to and including `delimiter`. */
  readUntil(delimiter: string): Promise<Buffer>;
  /** Stops reading; returns the bytes received but not yet read (pipe the socket on after this). */
  detach(): Buffer;
}

/**
 * Reads a socket in exact pieces, for fake proxies parsing requests.
 *
 * @param socket - the socket
 * @returns the reader
 */
export function byteReader(socket: Socket): ByteReader {
  let buffered: Buffer = Buffer.alloc(0);
  let waiter: { resolve(): void; reject(error: Error): void } | undefined;
  let closed = false;
  const onData = (data: Buffer): void => {
    buffered = Buffer.concat([buffered, data]);
    waiter?.resolve();
  };
  const onClose = (): void => {
    closed = true;
    waiter?.reject(new Error('socket closed'));
  };
  socket.on('data', onData);
  socket.on('close', onClose);
  const more = (): Promise<void> =>
    closed ? Promise.reject(new Error('socket closed')) : new Promise((resolve, reject) => (waiter = { resolve, reject }));
  return {
    async read(length) {
      while (buffered.length < length) await more();
      const chunk = buffered.subarray(0, length);
      buffered = buffered.subarray(length);
      return chunk;
    },
    async readUntil(delimiter) {
      let index: number;
      while ((index = buffered.indexOf(delimiter)) === -1) await more();
      const chunk = buffered.subarray(0, index + delimiter.length);
      buffered = buffered.subarray(index + delimiter.length);
      return chunk;
    },
    detach() {
      socket.removeListener('data', onData);
      socket.removeListener('close', onClose);
      return buffered;
    },
  };
}

/**
 * Tracks sockets a fake server accepts, to destroy them at cleanup.
 *
 * @returns the set and a destroy-all function
 */
export function socketTracker(): { add(socket: Socket): void; destroyAll(): void } {
  const sockets = new Set<Socket>();
  return {
    add(socket) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => socket.destroy());
    },
    destroyAll() {
      for (const socket of sockets) socket.destroy();
    },
  };
}
