/**
 * The wire form of the dataset protocol (sub-protocol `dataset.esegece.com`): the sgc
 * default protocol plus records. A changed record travels as a result naming
 * `sgc@dataset`, on the channel of its kind, with every field value:
 * `{"jsonrpc":"2.0","result":{"method":"sgc@dataset","channel":"sgc@dataset@update","dataset":{"id":1,"name":"Ann"}}}`.
 * Names and keys are those of eSeGeCe's `dataset.esegece.com.js`.
 *
 * @module
 */

/** The sub-protocol name of the dataset protocol. */
export const DATASET_PROTOCOL = 'dataset.esegece.com';

/** The methods of the dataset protocol (besides the default protocol's). */
export const DatasetMethod = {
  /** A record (pushed by the server; sent by a client that changes one). */
  Dataset: 'sgc@dataset',
  /** The answer to a metadata request. */
  Metadata: 'sgc@metadata',
  /** Client: send me every record. */
  RequestRecords: 'sgc@dataset@req@records',
  /** Server: the records follow (`dataset_name`, `dataset_recordcount`). */
  RecordsStart: 'sgc@dataset@req@records@start',
  /** Server: that was every record. */
  RecordsEnd: 'sgc@dataset@req@records@end',
  /** Client: send me the fields. */
  RequestMetadata: 'sgc@dataset@req@metadata',
} as const;

/** What happened to a record, and the channel its notices travel on. */
export type RecordChange = 'new' | 'update' | 'delete';

/** The channels of record changes; the manual's `Subscribe_all` subscribes to the three. */
export const DatasetChannel: Readonly<Record<RecordChange, string>> = {
  new: 'sgc@dataset@new',
  update: 'sgc@dataset@update',
  delete: 'sgc@dataset@delete',
};

/** The channel of the records a synchronization sends. */
export const RECORDS_CHANNEL = 'sgc@dataset@records';

/** A record: field name to value (any JSON value). */
export type DatasetRecord = Record<string, unknown>;

/** One field's metadata, as the wire names it. */
export interface DatasetFieldMetadata {
  readonly fieldname: string;
  /** The field's type, e.g. `string`, `number`, `boolean`, `date`. */
  readonly datatype: string;
  /** The largest size, for strings; 0 when it does not apply. */
  readonly datasize: number;
  /** Whether the field is part of the key that locates a record (the manual's `pfInKey`). */
  readonly keyfield: boolean;
}

/**
 * The change a channel name stands for.
 *
 * @param channel - a channel such as `sgc@dataset@update`
 * @returns the change, or `undefined` for another channel
 */
export function changeOfChannel(channel: unknown): RecordChange | undefined {
  return (Object.keys(DatasetChannel) as RecordChange[]).find((change) => DatasetChannel[change] === channel);
}
