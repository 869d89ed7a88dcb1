/**
 * What sets one fan-out bench apart from another: its implementations, its
 * child processes, its burst, and the words its lines and tables use. The
 * broadcast bench (WebSocket messages) and the SSE bench (server-sent events)
 * each declare one; the rig, the burst measurement, the runner, the summary
 * and the tables in `src/fanout/` and `src/report/fanout-tables.ts` are shared,
 * so both benches measure and print in exactly the same way.
 *
 * @module
 */

/** What a burst looks like. */
export interface BurstShape {
  /** Messages per burst. */
  readonly messages: number;
  /** Payload bytes (or characters) per message. */
  readonly size: number;
}

/**
 * The words a bench's lines and tables use, so the shared code prints what
 * each bench printed before it was shared: the broadcast bench's clients
 * receive messages, the SSE bench's streams receive events.
 */
export interface FanoutTerms {
  /** The bench in log lines: `SKIP broadcast: …`, `sse: stopped after a failed burst`. */
  readonly bench: string;
  /** The children's labels: `sgc broadcast server`, `SSE client 1`. */
  readonly children: string;
  /** What the servers hold, as progress lines and tables count them: `clients`, `streams`. */
  readonly clients: string;
  /** What a server counts, and a client child groups by port: `connections`, `streams`. */
  readonly connections: string;
  /** What a burst is made of: `messages`, `events`. */
  readonly messages: string;
  /** What a server did with them: `sent`, `wrote`. */
  readonly sent: string;
}

/**
 * One fan-out bench.
 *
 * @typeParam I - its implementations
 */
export interface FanoutSuite<I extends string> {
  /** The implementations, in the order each round measures them; the first is sgc, the last the baseline the ratios divide by. */
  readonly impls: readonly I[];
  readonly shape: BurstShape;
  readonly terms: FanoutTerms;
  /**
   * The bench's directory (`new URL('.', import.meta.url)` in it), where the rig
   * finds its two child entry points: `server-child.js`, which calls
   * `serveFanoutServer`, and `client-child.js`, which serves `ClientGroups.handlers()`.
   */
  readonly directory: URL;
  /** Connections each client child opens concurrently. */
  readonly openBatch: number;
}
