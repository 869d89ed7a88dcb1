/**
 * The events an `sgcws_dataset` fires for the dataset protocol, named and shaped as in
 * eSeGeCe's `dataset.esegece.com.js`: `sgcdataset` (`event.channel`, `event.dataset`),
 * `sgcmetadata` (`event.metadata`), `sgcbeforesynchronize` (`event.dataset_name`,
 * `event.dataset_recordcount`) and `sgcaftersynchronize` (`event.dataset_name`).
 *
 * @module
 */
import type { DatasetFieldMetadata, DatasetRecord } from '@sgc/protocols';
import type { SgcwsEventMap } from './sgcws-events.js';

/**
 * A record (the manual's `sgcdataset`): one added, changed or deleted by the server or another
 * client, on `sgc@dataset@new`, `sgc@dataset@update` or `sgc@dataset@delete` (channels this
 * socket subscribed to, with `subscribe_all()`), or one of the records a synchronization sends,
 * on `sgc@dataset@records`. Pages switch on the channel.
 *
 * @example
 * ```js
 * socket.on('sgcdataset', function (event) {
 *   switch (event.channel) {
 *     case 'sgc@dataset@new': console.log('added', event.dataset); break;
 *     case 'sgc@dataset@update': console.log('changed', event.dataset); break;
 *     case 'sgc@dataset@delete': console.log('deleted', event.dataset); break;
 *     case 'sgc@dataset@records': console.log('synchronized', event.dataset); break;
 *   }
 * });
 * ```
 */
export class SgcwsDatasetEvent extends Event {
  /** The channel it came on: what happened to the record. */
  readonly channel: string;
  /** The record: field name to value (at least the key fields for a deletion). */
  readonly dataset: DatasetRecord;

  /**
   * @param channel - the channel
   * @param dataset - the record
   */
  constructor(channel: string, dataset: DatasetRecord) {
    super('sgcdataset');
    this.channel = channel;
    this.dataset = dataset;
  }
}

/**
 * The dataset's fields (eSeGeCe's `sgcmetadata`), answering `getmetadata()` or sent by the
 * server on connect (its `autoSynchronize`).
 *
 * @example
 * ```js
 * socket.on('sgcmetadata', function (event) {
 *   event.metadata.forEach(function (field) { console.log(field.fieldname, field.datatype, field.keyfield); });
 * });
 * ```
 */
export class SgcwsMetadataEvent extends Event {
  /** One entry per field: `fieldname`, `datatype`, `datasize` and `keyfield` (part of the key that locates a record). */
  readonly metadata: readonly DatasetFieldMetadata[];

  /**
   * @param metadata - the fields
   */
  constructor(metadata: readonly DatasetFieldMetadata[]) {
    super('sgcmetadata');
    this.metadata = metadata;
  }
}

/**
 * A synchronization starts (eSeGeCe's `sgcbeforesynchronize`): its records follow as
 * `sgcdataset` on `sgc@dataset@records`, then `sgcaftersynchronize` fires.
 *
 * @example
 * ```js
 * socket.on('sgcbeforesynchronize', function (event) {
 *   console.log(event.dataset_recordcount + ' records of ' + event.dataset_name + ' follow');
 * });
 * ```
 */
export class SgcwsBeforeSynchronizeEvent extends Event {
  /** The dataset's name. */
  readonly dataset_name: string;
  /** How many records follow. */
  readonly dataset_recordcount: number;

  /**
   * @param name - the dataset's name
   * @param recordCount - how many records follow
   */
  constructor(name: string, recordCount: number) {
    super('sgcbeforesynchronize');
    this.dataset_name = name;
    this.dataset_recordcount = recordCount;
  }
}

/**
 * A synchronization ended: every record came as `sgcdataset` (eSeGeCe's `sgcaftersynchronize`).
 *
 * @example
 * ```js
 * socket.on('sgcaftersynchronize', function (event) { console.log(event.dataset_name + ' is up to date'); });
 * ```
 */
export class SgcwsAfterSynchronizeEvent extends Event {
  /** The dataset's name. */
  readonly dataset_name: string;

  /**
   * @param name - the dataset's name
   */
  constructor(name: string) {
    super('sgcaftersynchronize');
    this.dataset_name = name;
  }
}

/** The name of each `sgcws_dataset` event and the event it carries: the dataset events plus those of `sgcws`. */
export interface SgcwsDatasetEventMap extends SgcwsEventMap {
  /** A record: added, changed, deleted, or sent by a synchronization. */
  sgcdataset: SgcwsDatasetEvent;
  /** The dataset's fields. */
  sgcmetadata: SgcwsMetadataEvent;
  /** A synchronization starts. */
  sgcbeforesynchronize: SgcwsBeforeSynchronizeEvent;
  /** A synchronization ended. */
  sgcaftersynchronize: SgcwsAfterSynchronizeEvent;
}
