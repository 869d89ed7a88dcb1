/**
 * The server side of the dataset protocol (the manual's `TsgcWSPServer_Dataset`): the sgc
 * default protocol under `dataset.esegece.com`, plus records of a {@link DataSource} that
 * are broadcast when they change, sent whole on request (synchronization), and changed by
 * clients when `applyUpdates` allows it.
 *
 * @module
 */
import { EventEmitter } from 'node:events';
import {
  encodeError,
  encodeResult,
  ErrorCode,
  isRecord,
  JsonRpcErrorCode,
  type JsonRpcErrorObject,
  type JsonRpcId,
  SgcError,
} from '@sgc/frame';
import { ProtocolServer, type ServerConnection, type WebSocketServer } from '@sgc/server';
import { asSgcError, InOrder } from '../in-order.js';
import { sendIfOpen } from '../send-if-open.js';
import { SgcProtocolServer, type SgcProtocolServerOptions } from '../sgc/sgc-protocol-server.js';
import { SgcMethod } from '../sgc/sgc-wire.js';
import { fieldMetadata, keyOf, type DataSource } from './data-source.js';
import {
  changeOfChannel,
  DATASET_PROTOCOL,
  DatasetChannel,
  DatasetMethod,
  RECORDS_CHANNEL,
  type DatasetRecord,
  type RecordChange,
} from './dataset-wire.js';

/** Options of {@link DatasetProtocolServer}: the default protocol's, plus the dataset's. */
export interface DatasetProtocolServerOptions extends Omit<SgcProtocolServerOptions, 'protocol'> {
  /** The records. */
  dataSource: DataSource;
  /** The manual's `ApplyUpdates`: clients' changes are written to the data source. @defaultValue false */
  applyUpdates?: boolean;
  /** The manual's `NotifyUpdates`: clients' new and changed records go to the other subscribers. @defaultValue true */
  notifyUpdates?: boolean;
  /** The manual's `NotifyDeletes`: clients' deletions go to the other subscribers. @defaultValue true */
  notifyDeletes?: boolean;
  /** The manual's `AutoSynchronize`: a new connection gets the metadata and every record. @defaultValue false */
  autoSynchronize?: boolean;
  /**
   * The manual's `OnBefore…Record`: sees a client's change first; returning `true` means it
   * handled the change itself, and the data source is left alone (the manual's `Handled`).
   */
  beforeRecord?: (conn: ServerConnection, change: RecordChange, record: DatasetRecord) => boolean | Promise<boolean>;
}

/** Events of {@link DatasetProtocolServer}. */
export interface DatasetProtocolServerEvents {
  /** A client's change was handled (the manual's `OnAfter…Record`). */
  record: [conn: ServerConnection, change: RecordChange, record: DatasetRecord];
  /** A client's change or request failed (bad record, data source error). */
  error: [conn: ServerConnection, error: SgcError];
}

/**
 * The dataset protocol on an `@sgc/server` server.
 *
 * @example
 * ```ts
 * const people = new MemoryDataSource('people', [{ name: 'id', dataType: 'number', key: true }, { name: 'name', size: 50 }]);
 * const dataset = new DatasetProtocolServer({ dataSource: people, applyUpdates: true, autoSynchronize: true });
 * server.use(dataset);
 * people.insert({ id: 2, name: 'Bob' });
 * dataset.broadcastRecord('new', { id: 2, name: 'Bob' });
 * ```
 */
export class DatasetProtocolServer extends ProtocolServer {
  readonly name = DATASET_PROTOCOL;
  readonly protocols = [DATASET_PROTOCOL] as const;
  /** The default protocol under this sub-protocol: pub/sub, RPC, transactions and its events. */
  readonly sgc: SgcProtocolServer;
  readonly #events = new EventEmitter<DatasetProtocolServerEvents>();
  readonly #inOrder = new InOrder<ServerConnection>();
  readonly #options: DatasetProtocolServerOptions;
  readonly #source: DataSource;

  /**
   * @param options - the data source and how clients' changes are handled
   */
  constructor(options: DatasetProtocolServerOptions) {
    super();
    this.#options = options;
    this.#source = options.dataSource;
    this.sgc = new SgcProtocolServer({ ...options, protocol: DATASET_PROTOCOL });
  }

  /**
   * Adds an event listener.
   *
   * @param event - the event name
   * @param listener - its listener
   * @returns this
   */
  on<K extends keyof DatasetProtocolServerEvents>(event: K, listener: (...args: DatasetProtocolServerEvents[K]) => void): this {
    this.#events.on(event, listener as never);
    return this;
  }

  /** Attaches the default protocol to the same server. */
  override attach(server: WebSocketServer): void {
    super.attach(server);
    this.sgc.attach(server);
  }

  /**
   * Tells the subscribers of a change's channel about a record, on every node (the manual's
   * `BroadcastRecord`); call it after changing the data source yourself.
   *
   * @param change - `new`, `update` or `delete`
   * @param record - every field value (at least the key fields for a deletion)
   * @param exclude - connection ids that do not get it
   * @returns the number of local connections reached
   */
  broadcastRecord(change: RecordChange, record: DatasetRecord, exclude: readonly string[] = []): number {
    const channel = DatasetChannel[change];
    return super.broadcast(encodeResult({ method: DatasetMethod.Dataset, channel, dataset: record }), { channel, exclude });
  }

  /**
   * Sends one connection the metadata and then every record (the manual's `Synchronize`).
   *
   * @param conn - the connection
   * @param id - the request this answers, if any: the end marker carries it
   */
  async synchronize(conn: ServerConnection, id?: JsonRpcId): Promise<void> {
    const records = await this.#source.records();
    const name = this.#source.name;
    sendIfOpen(conn, encodeResult({ method: DatasetMethod.RecordsStart, dataset_name: name, dataset_recordcount: records.length }));
    records.forEach((record, index) => {
      sendIfOpen(conn, encodeResult({ method: DatasetMethod.Dataset, channel: RECORDS_CHANNEL, dataset: record, dataset_recno: index + 1 }));
    });
    sendIfOpen(conn, encodeResult({ method: DatasetMethod.RecordsEnd, dataset_name: name }, id));
  }

  /** Connects the default protocol, then synchronizes when `autoSynchronize` is on. */
  onConnect(conn: ServerConnection): void {
    this.sgc.onConnect(conn);
    this.#inOrder.open(conn);
    if (this.#options.autoSynchronize !== true) return;
    this.#inOrder.run(
      conn,
      async () => {
        this.#sendMetadata(conn);
        await this.synchronize(conn);
      },
      (error) => this.#emitError(conn, error),
    );
  }

  onDisconnect(conn: ServerConnection): void {
    this.#inOrder.close(conn);
    this.sgc.onDisconnect(conn);
  }

  /** Dataset requests are handled here; everything else by the default protocol. */
  onMessage(conn: ServerConnection, text: string): void {
    const request = text.includes('sgc@dataset') ? datasetRequest(text) : undefined;
    if (request === undefined) return this.sgc.onMessage(conn, text);
    this.#inOrder.run(conn, () => this.#handle(conn, request), (error) => this.#failed(conn, request.id, error));
  }

  onBinary(conn: ServerConnection): void {
    this.sgc.onBinary(conn);
  }

  async #handle(conn: ServerConnection, request: DatasetRequest): Promise<void> {
    const { id } = request;
    if (request.method === DatasetMethod.RequestMetadata) return this.#sendMetadata(conn, id);
    if (request.method === DatasetMethod.RequestRecords) return this.synchronize(conn, id);
    const change = changeOfChannel(request.channel);
    const record = request.dataset;
    if (change === undefined || !isRecord(record)) {
      return this.#replyError(conn, id, { code: JsonRpcErrorCode.InvalidParams, message: 'A record needs a dataset object and a change channel' });
    }
    const key = keyOf(this.#source, record);
    if (key === undefined) return this.#replyError(conn, id, { code: JsonRpcErrorCode.InvalidParams, message: 'The record lacks a key field' });
    const handled = (await this.#options.beforeRecord?.(conn, change, record)) ?? false;
    if (!handled && this.#options.applyUpdates === true) await this.#apply(change, key, record);
    this.#events.emit('record', conn, change, record);
    const notify = change === 'delete' ? this.#options.notifyDeletes : this.#options.notifyUpdates;
    if (notify !== false) this.broadcastRecord(change, record, [conn.id]);
    if (id !== undefined) sendIfOpen(conn, encodeResult({ method: SgcMethod.Acknowledgment }, id));
  }

  async #apply(change: RecordChange, key: DatasetRecord, record: DatasetRecord): Promise<void> {
    const source = this.#source;
    const apply = { new: source.insert && (() => source.insert!(record)), update: source.update && (() => source.update!(key, record)), delete: source.delete && (() => source.delete!(key)) }[change];
    if (apply === undefined) throw new SgcError(ErrorCode.NotSupported, `The data source ${source.name} cannot ${change === 'new' ? 'insert' : change} records`);
    await apply();
  }

  #sendMetadata(conn: ServerConnection, id?: JsonRpcId): void {
    sendIfOpen(conn, encodeResult({ method: DatasetMethod.Metadata, dataset_name: this.#source.name, metadata: fieldMetadata(this.#source) }, id));
  }

  #replyError(conn: ServerConnection, id: JsonRpcId | undefined, error: JsonRpcErrorObject): void {
    if (id !== undefined) sendIfOpen(conn, encodeError(error, id));
    this.#emitError(conn, new SgcError(ErrorCode.ProtocolViolation, error.message));
  }

  /** The data source or a hook threw: an internal error to the client, the process keeps running. */
  #failed(conn: ServerConnection, id: JsonRpcId | undefined, error: SgcError): void {
    sendIfOpen(conn, encodeError({ code: JsonRpcErrorCode.InternalError, message: error.message }, id ?? null));
    this.#emitError(conn, asSgcError(error));
  }

  #emitError(conn: ServerConnection, error: SgcError): void {
    if (this.#events.listenerCount('error') > 0) this.#events.emit('error', conn, error);
  }
}

/** A dataset request, in either of the forms clients send. */
interface DatasetRequest {
  readonly method: string;
  readonly id?: JsonRpcId | undefined;
  readonly channel?: unknown;
  readonly dataset?: unknown;
}

/**
 * Reads a dataset request: our clients' `{"method":"sgc@dataset","params":{channel, dataset},"id":…}`,
 * the requests for records and metadata, or the result-shaped change eSeGeCe's
 * `dataset.esegece.com.js` sends. Anything else is the default protocol's.
 */
function datasetRequest(text: string): DatasetRequest | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(value)) return undefined;
  const id = typeof value.id === 'string' || typeof value.id === 'number' ? value.id : undefined;
  if (value.method === DatasetMethod.RequestRecords || value.method === DatasetMethod.RequestMetadata) return { method: value.method, id };
  const change = value.method === DatasetMethod.Dataset ? value.params : isRecord(value.result) && value.result.method === DatasetMethod.Dataset ? value.result : undefined;
  if (!isRecord(change)) return undefined;
  return { method: DatasetMethod.Dataset, id, channel: change.channel, dataset: change.dataset };
}
