/**
 * `sgcws_dataset`, the manual's browser client of the dataset protocol (`dataset.esegece.com.js`):
 * an `sgcws` on the sub-protocol `dataset.esegece.com` driving `@sgc/protocols`'
 * `DatasetProtocolClient`, whose records arrive as `sgcdataset` events.
 *
 * @module
 */
import { ErrorCode, SgcError } from '@sgc/frame';
import { DATASET_PROTOCOL, DatasetChannel, DatasetProtocolClient, RECORDS_CHANNEL, type DatasetRecord, type RecordChange } from '@sgc/protocols';
import type { UrlAuth } from '../connection-url.js';
import { reportFailure, settle } from './failure-events.js';
import { sgcws } from './sgcws.js';
import {
  SgcwsAfterSynchronizeEvent,
  SgcwsBeforeSynchronizeEvent,
  SgcwsDatasetEvent,
  SgcwsMetadataEvent,
  type SgcwsDatasetEventMap,
} from './sgcws-dataset-events.js';

/**
 * A connection speaking the dataset protocol (the manual's `sgcws_dataset` from
 * `dataset.esegece.com.js`): the records of a server's dataset, kept up to date as the server
 * and other clients add, change and delete them. It is an {@link sgcws} on the sub-protocol
 * `dataset.esegece.com` (the server is `@sgc/protocols/server`'s `DatasetProtocolServer`), so it
 * does everything an `sgcws` does too (`publish`, `subscribe`, `rpc`, `send`…).
 *
 * After `open`, `subscribe_all()` subscribes to the three channels of record changes
 * (`sgcsubscribe` fires for each); from then on `sgcdataset` fires with each record another
 * client or the server adds (`event.channel` `sgc@dataset@new`), changes (`sgc@dataset@update`)
 * or deletes (`sgc@dataset@delete`). `synchronize()` asks for every record: `sgcbeforesynchronize`,
 * then one `sgcdataset` per record on `sgc@dataset@records`, then `sgcaftersynchronize`.
 * `getmetadata()` asks for the fields: `sgcmetadata`. `dataset_new`, `dataset_update` and
 * `dataset_delete` send a change, which the server applies (with its `applyUpdates`) and passes
 * on to the other subscribers; this socket does not get its own changes back.
 *
 * The methods start a request and return at once. A failure (not open, refused by the server,
 * e.g. a record without its key fields, timed out, connection closed) fires `error` with
 * `event.message`; nothing throws or rejects.
 *
 * Events, through {@link sgcws_dataset.on | on} or `addEventListener`: `sgcdataset`,
 * `sgcmetadata`, `sgcbeforesynchronize`, `sgcaftersynchronize` (see {@link SgcwsDatasetEventMap}),
 * those of `sgcws` (`sgcmessage`, `sgcsubscribe`, `sgcunsubscribe`, …) and `sgcWebSocket`'s
 * `open`, `error` and `close`.
 *
 * @example
 * ```js
 * var socket = new sgcws_dataset('ws://' + location.host);
 * socket.on('open', function () {
 *   socket.subscribe_all();
 *   socket.synchronize();
 * });
 * socket.on('sgcdataset', function (event) {
 *   switch (event.channel) {
 *     case 'sgc@dataset@records':
 *     case 'sgc@dataset@new': console.log('record', event.dataset); break;
 *     case 'sgc@dataset@update': console.log('changed', event.dataset); break;
 *     case 'sgc@dataset@delete': console.log('deleted', event.dataset); break;
 *   }
 * });
 * socket.on('error', function (event) { console.log('error: ' + event.message); });
 * // later: socket.dataset_update('{"id": 1, "name": "Ann B."}');
 * ```
 */
// The manual's name, lower case and underscore included: pages written for dataset.esegece.com.js call it so.
export class sgcws_dataset extends sgcws<SgcwsDatasetEventMap> {
  /** @internal The dataset protocol is the default protocol under `dataset.esegece.com`. */
  protected static override readonly subprotocol: string = DATASET_PROTOCOL;
  readonly #dataset: DatasetProtocolClient;

  /**
   * @param url - `ws://host:port/path?query` or `wss://…`, as for {@link sgcws}
   * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_INVALID_ARGUMENT` for a URL that does not parse or has another scheme
   */
  constructor(url: string | UrlAuth) {
    let dataset: DatasetProtocolClient | undefined;
    // sgcws runs the dataset client's default protocol client, so all of sgcws works on it.
    // No autoSubscribe: pages subscribe with subscribe_all(), as the manual's do.
    super(url, (transport) => (dataset = new DatasetProtocolClient(transport, { autoSubscribe: false })).sgc);
    this.#dataset = dataset!;
    this.#dataset
      .on('record', (change, record) => this.dispatchEvent(new SgcwsDatasetEvent(DatasetChannel[change], record)))
      .on('metadata', (fields) => this.dispatchEvent(new SgcwsMetadataEvent(fields)))
      .on('beforeSynchronize', (name, count) => this.dispatchEvent(new SgcwsBeforeSynchronizeEvent(name, count)))
      .on('synchronizeRecord', (record) => this.dispatchEvent(new SgcwsDatasetEvent(RECORDS_CHANNEL, record)))
      .on('afterSynchronize', (name) => this.dispatchEvent(new SgcwsAfterSynchronizeEvent(name)))
      .on('error', (error) => reportFailure(this, error));
  }

  /**
   * Subscribes to new, changed and deleted records (the manual's `subscribe_all`): the channels
   * `sgc@dataset@new`, `sgc@dataset@update` and `sgc@dataset@delete`, each confirmed by `sgcsubscribe`.
   *
   * @example
   * ```js
   * socket.on('open', function () { socket.subscribe_all(); });
   * ```
   */
  subscribe_all(): void {
    settle(this, this.#dataset.subscribeAll());
  }

  /**
   * Ends the subscriptions of {@link sgcws_dataset.subscribe_all | subscribe_all} (the manual's
   * `unsubscribe_all`); `sgcunsubscribe` fires for each of the three channels.
   *
   * @example
   * ```js
   * socket.unsubscribe_all();
   * ```
   */
  unsubscribe_all(): void {
    settle(this, this.#dataset.unsubscribeAll());
  }

  /**
   * Asks for every record: `sgcbeforesynchronize`, one `sgcdataset` per record on
   * `sgc@dataset@records`, then `sgcaftersynchronize`. A second call before the first ended fails with `error`.
   *
   * @example
   * ```js
   * socket.on('sgcbeforesynchronize', function () { rows = []; });
   * socket.on('sgcdataset', function (event) { if (event.channel === 'sgc@dataset@records') rows.push(event.dataset); });
   * socket.synchronize();
   * ```
   */
  synchronize(): void {
    settle(this, this.#dataset.synchronize());
  }

  /**
   * Asks for the fields: `sgcmetadata` fires with them (`fieldname`, `datatype`, `datasize`,
   * `keyfield`).
   *
   * @example
   * ```js
   * socket.on('sgcmetadata', function (event) { console.log(event.metadata.length + ' fields'); });
   * socket.getmetadata();
   * ```
   */
  getmetadata(): void {
    settle(this, this.#dataset.getMetadata());
  }

  /**
   * Adds a record: the server applies it (with its `applyUpdates`) and the other subscribers get
   * it as `sgcdataset` on `sgc@dataset@new`. A refusal (no key field, a failing data source) fires `error`.
   *
   * @param json - the record, every field value: a JSON object or a string holding one
   * @example
   * ```js
   * socket.dataset_new('{"id": 3, "name": "Cid"}');
   * ```
   */
  dataset_new(json: unknown): void {
    this.#change('new', json);
  }

  /**
   * Changes a record, located by its key fields: the other subscribers get it as `sgcdataset`
   * on `sgc@dataset@update`. A refusal fires `error`.
   *
   * @param json - the key fields and the changed values: a JSON object or a string holding one
   * @example
   * ```js
   * socket.dataset_update({ id: 1, name: 'Ann B.' });
   * ```
   */
  dataset_update(json: unknown): void {
    this.#change('update', json);
  }

  /**
   * Deletes a record, located by its key fields: the other subscribers get it as `sgcdataset`
   * on `sgc@dataset@delete`. A refusal fires `error`.
   *
   * @param json - at least the key fields: a JSON object or a string holding one
   * @example
   * ```js
   * socket.dataset_delete('{"id": 2}');
   * ```
   */
  dataset_delete(json: unknown): void {
    this.#change('delete', json);
  }



  /** Sends a change of a record given as an object or as JSON text; a failure fires `error`. */
  #change(change: RecordChange, json: unknown): void {
    const record = recordOf(json);
    if (record === undefined) return reportFailure(this, new SgcError(ErrorCode.InvalidArgument, 'A record is a JSON object, or a string holding one'));
    const method = ({ new: 'newRecord', update: 'updateRecord', delete: 'deleteRecord' } as const)[change];
    settle(this, this.#dataset[method](record));
  }
}

/** The record a page gave: an object, or a string holding a JSON object; `undefined` for anything else. */
function recordOf(json: unknown): DatasetRecord | undefined {
  let value = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json) as unknown;
    } catch {
      return undefined;
    }
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as DatasetRecord) : undefined;
}
