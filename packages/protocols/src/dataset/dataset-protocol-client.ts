/**
 * The client side of the dataset protocol (the manual's `TsgcWSPClient_Dataset`): the sgc
 * default protocol under `dataset.esegece.com` ({@link DatasetProtocolClient.sgc}), plus
 * record notices, synchronization, metadata and record changes.
 *
 * @module
 */
import { ErrorCode, SgcError, TypedEmitter, type Transport } from '@sgc/frame';
import type { RequestOptions } from '../pending-requests.js';
import { SgcProtocolClient, type SgcProtocolClientOptions } from '../sgc/sgc-protocol-client.js';
import {
  changeOfChannel,
  DatasetChannel,
  DatasetMethod,
  RECORDS_CHANNEL,
  type DatasetFieldMetadata,
  type DatasetRecord,
  type RecordChange,
} from './dataset-wire.js';

/** Options of {@link DatasetProtocolClient}: the default protocol's, plus `autoSubscribe`. */
export interface DatasetProtocolClientOptions extends SgcProtocolClientOptions {
  /** The manual's `AutoSubscribe`: subscribe to new, changed and deleted records once connected. @defaultValue true */
  autoSubscribe?: boolean;
}

/** Events of {@link DatasetProtocolClient}. */
export interface DatasetProtocolClientEvents {
  /** A record was added, changed or deleted (the manual's `OnAfter…Record` on the client). */
  record: [change: RecordChange, record: DatasetRecord];
  /** One record of a synchronization, as it arrives (`recordNumber` counts from 1). */
  synchronizeRecord: [record: DatasetRecord, recordNumber: number];
  /** A synchronization starts (the manual's `OnBeforeSynchronization`). */
  beforeSynchronize: [dataset: string, recordCount: number];
  /** A synchronization ended with these records (the manual's `OnAfterSynchronize`). */
  afterSynchronize: [dataset: string, records: DatasetRecord[]];
  /** The fields arrived (the manual's `OnMetaData`). */
  metadata: [fields: DatasetFieldMetadata[]];
  /** A subscription made by `autoSubscribe` failed, or the server sent a malformed record. */
  error: [error: SgcError];
}

/**
 * A dataset client.
 *
 * @example
 * ```ts
 * const ws = new WebSocketClient({ url: 'ws://127.0.0.1:8080', protocols: [DATASET_PROTOCOL] });
 * const dataset = new DatasetProtocolClient(ws);
 * dataset.on('record', (change, record) => console.log(change, record));
 * await ws.connect();
 * const fields = await dataset.getMetadata();
 * const rows = await dataset.synchronize();
 * await dataset.updateRecord({ id: 1, name: 'Ann B.' });
 * ```
 */
export class DatasetProtocolClient extends TypedEmitter<DatasetProtocolClientEvents> {
  /** The default protocol on the same connection: publish, subscribe, RPC, transactions. */
  readonly sgc: SgcProtocolClient;
  /** The records of the synchronization in progress (asked for, or sent on connect by `autoSynchronize`). */
  #collecting: DatasetRecord[] = [];
  #synchronized: DatasetRecord[] = [];
  #synchronizing = false;

  /**
   * @param transport - a transport that negotiated `dataset.esegece.com`
   * @param options - the default protocol's options and `autoSubscribe`
   */
  constructor(transport: Transport, options: DatasetProtocolClientOptions = {}) {
    super();
    this.sgc = new SgcProtocolClient(transport, options);
    this.sgc.on('push', (method, result) => this.#onPush(method, result));
    if (options.autoSubscribe !== false) {
      // Once: after a reconnect the default protocol subscribes again by itself.
      this.sgc.once('session', () => {
        this.subscribeAll().catch((error: unknown) => this.emit('error', error as SgcError));
      });
    }
  }

  /**
   * Subscribes to new, changed and deleted records (the manual's `Subscribe_all`).
   *
   * @param options - `timeout` and `signal` for each subscription
   * @throws as `SgcProtocolClient.subscribe`
   */
  async subscribeAll(options?: RequestOptions): Promise<void> {
    await Promise.all(Object.values(DatasetChannel).map((channel) => this.sgc.subscribe(channel, options)));
  }

  /**
   * Ends the subscriptions of {@link DatasetProtocolClient.subscribeAll} (the manual's `Unsubscribe_all`).
   *
   * @param options - `timeout` and `signal` for each
   * @throws as `SgcProtocolClient.unsubscribe`
   */
  async unsubscribeAll(options?: RequestOptions): Promise<void> {
    await Promise.all(Object.values(DatasetChannel).map((channel) => this.sgc.unsubscribe(channel, options)));
  }

  /**
   * Asks for every record (the manual's `Synchronize`); `beforeSynchronize` and
   * `afterSynchronize` fire around them.
   *
   * @param options - `timeout` and `signal`
   * @returns the records, in the server's order
   * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_INVALID_STATE` while another synchronization runs; as `rpc`
   */
  async synchronize(options?: RequestOptions): Promise<DatasetRecord[]> {
    if (this.#synchronizing) throw new SgcError(ErrorCode.InvalidState, 'A synchronization is already running');
    this.#synchronizing = true;
    try {
      // The end marker answers the request; the records came before it.
      await this.sgc.rpc(DatasetMethod.RequestRecords, undefined, options);
      return this.#synchronized;
    } finally {
      this.#synchronizing = false;
    }
  }

  /**
   * Asks for the fields (the manual's `GetMetaData`).
   *
   * @param options - `timeout` and `signal`
   * @returns name, type, size and whether each field is a key
   * @throws as `rpc`
   */
  async getMetadata(options?: RequestOptions): Promise<DatasetFieldMetadata[]> {
    const answer = (await this.sgc.rpc(DatasetMethod.RequestMetadata, undefined, options)) as { metadata?: unknown };
    return metadataOf(answer);
  }

  /**
   * Sends a new record; the server applies it (with `applyUpdates`) and tells the other subscribers.
   *
   * @param record - every field value
   * @param options - `timeout` and `signal`
   * @throws {@link RpcError} when the server refuses it (no key field, a failing data source)
   */
  async newRecord(record: DatasetRecord, options?: RequestOptions): Promise<void> {
    await this.#change('new', record, options);
  }

  /**
   * Sends a changed record, located by its key fields.
   *
   * @param record - the key fields and the changed values
   * @param options - `timeout` and `signal`
   * @throws as {@link DatasetProtocolClient.newRecord}
   */
  async updateRecord(record: DatasetRecord, options?: RequestOptions): Promise<void> {
    await this.#change('update', record, options);
  }

  /**
   * Deletes a record, located by its key fields.
   *
   * @param record - at least the key fields
   * @param options - `timeout` and `signal`
   * @throws as {@link DatasetProtocolClient.newRecord}
   */
  async deleteRecord(record: DatasetRecord, options?: RequestOptions): Promise<void> {
    await this.#change('delete', record, options);
  }

  async #change(change: RecordChange, record: DatasetRecord, options?: RequestOptions): Promise<void> {
    await this.sgc.rpc(DatasetMethod.Dataset, { channel: DatasetChannel[change], dataset: record }, options);
  }

  #onPush(method: string, result: Record<string, unknown>): void {
    switch (method) {
      case DatasetMethod.Metadata:
        this.emit('metadata', metadataOf(result));
        return;
      case DatasetMethod.RecordsStart:
        this.#collecting = [];
        this.emit('beforeSynchronize', String(result.dataset_name ?? ''), Number(result.dataset_recordcount ?? 0));
        return;
      case DatasetMethod.RecordsEnd:
        this.#synchronized = this.#collecting;
        this.#collecting = [];
        this.emit('afterSynchronize', String(result.dataset_name ?? ''), this.#synchronized);
        return;
      case DatasetMethod.Dataset:
        return this.#onRecord(result);
    }
  }

  #onRecord(result: Record<string, unknown>): void {
    const record = result.dataset;
    if (typeof record !== 'object' || record === null || Array.isArray(record)) {
      this.emit('error', new SgcError(ErrorCode.ProtocolViolation, 'A dataset notice without a record'));
      return;
    }
    if (result.channel === RECORDS_CHANNEL) {
      this.#collecting.push(record as DatasetRecord);
      this.emit('synchronizeRecord', record as DatasetRecord, this.#collecting.length);
      return;
    }
    const change = changeOfChannel(result.channel);
    if (change !== undefined) this.emit('record', change, record as DatasetRecord);
  }
}

function metadataOf(result: { metadata?: unknown }): DatasetFieldMetadata[] {
  return Array.isArray(result.metadata) ? (result.metadata as DatasetFieldMetadata[]) : [];
}
