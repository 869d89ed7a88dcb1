/**
 * Picks an implementation's adapter by name. The adapter modules are imported
 * lazily, so a child loads only the library it measures (which keeps the idle
 * memory baseline clean) and a broken sgc build cannot stop ws and net.
 *
 * @module
 */
import type { Connect, ImplName, StartServer } from './types.js';

/**
 * Loads the server adapter of `impl`.
 *
 * @param impl - which implementation
 * @returns its server starter
 */
export async function loadServer(impl: ImplName): Promise<StartServer> {
  switch (impl) {
    case 'sgc':
      return (await import('./sgc-server.js')).startSgcServer;
    case 'ws':
      return (await import('./ws-server.js')).startWsServer;
    case 'net':
      return (await import('./net-server.js')).startNetServer;
  }
}

/**
 * Loads the client adapter of `impl`.
 *
 * @param impl - which implementation
 * @returns its connect function
 * @throws Error when the implementation's library cannot be loaded
 */
export async function loadClient(impl: ImplName): Promise<Connect> {
  switch (impl) {
    case 'sgc':
      return (await import('./sgc-client.js')).createSgcConnect();
    case 'ws':
      return (await import('./ws-client.js')).connectWs;
    case 'net':
      return (await import('./net-client.js')).connectNet;
  }
}
