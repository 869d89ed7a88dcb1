/**
 * Where the dataset protocol's records live: the Node stand-in for the manual's
 * `TDataSet`. An adapter names its fields (key fields locate a record, as the manual's
 * `pfInKey` flag does), lists its records and applies changes.
 *
 * @module
 */
import type { DatasetFieldMetadata, DatasetRecord } from './dataset-wire.js';

/** A field of a {@link DataSource}. */
export interface DatasetField {
  readonly name: string;
  /** The type clients see in the metadata. @defaultValue 'string' */
  readonly dataType?: string;
  /** The largest size, for strings. @defaultValue 0 */
  readonly size?: number;
  /** Part of the key that locates a record. @defaultValue false */
  readonly key?: boolean;
}

/** The records behind a dataset server; the change methods are needed only with `applyUpdates`. */
export interface DataSource {
  /** The dataset's name (`dataset_name` on the wire). */
  readonly name: string;
  readonly fields: readonly DatasetField[];
  /** Every record, in the order a synchronization sends them. */
  records(): readonly DatasetRecord[] | Promise<readonly DatasetRecord[]>;
  /** Adds a record. */
  insert?(record: DatasetRecord): void | Promise<void>;
  /** Changes the record whose key fields equal `key`. */
  update?(key: DatasetRecord, record: DatasetRecord): void | Promise<void>;
  /** Removes the record whose key fields equal `key`. */
  delete?(key: DatasetRecord): void | Promise<void>;
}

/**
 * The metadata of a data source's fields, as the wire carries it.
 *
 * @param source - the data source
 * @returns one entry per field
 */
export function fieldMetadata(source: DataSource): DatasetFieldMetadata[] {
  return source.fields.map((field) => ({
    fieldname: field.name,
    datatype: field.dataType ?? 'string',
    datasize: field.size ?? 0,
    keyfield: field.key === true,
  }));
}

/**
 * The key of a record: its values of the key fields.
 *
 * @param source - the data source
 * @param record - the record
 * @returns the key, or `undefined` when a key field is missing (or the source has none)
 */
export function keyOf(source: DataSource, record: DatasetRecord): DatasetRecord | undefined {
  const keys = source.fields.filter((field) => field.key === true);
  if (keys.length === 0 || keys.some((field) => record[field.name] === undefined)) return undefined;
  return Object.fromEntries(keys.map((field) => [field.name, record[field.name]]));
}

/**
 * A data source held in memory: for tests, demos, and caches another store fills.
 *
 * @example
 * ```ts
 * const people = new MemoryDataSource('people', [{ name: 'id', dataType: 'number', key: true }, { name: 'name' }]);
 * people.insert({ id: 1, name: 'Ann' });
 * ```
 */
export class MemoryDataSource implements DataSource {
  readonly name: string;
  readonly fields: readonly DatasetField[];
  readonly #records: DatasetRecord[] = [];

  /**
   * @param name - the dataset's name
   * @param fields - its fields; at least one should be a key
   * @param records - records to start with
   */
  constructor(name: string, fields: readonly DatasetField[], records: readonly DatasetRecord[] = []) {
    this.name = name;
    this.fields = fields;
    this.#records.push(...records);
  }

  records(): readonly DatasetRecord[] {
    return [...this.#records];
  }

  insert(record: DatasetRecord): void {
    this.#records.push({ ...record });
  }

  update(key: DatasetRecord, record: DatasetRecord): void {
    const index = this.#find(key);
    if (index >= 0) this.#records[index] = { ...this.#records[index], ...record };
  }

  delete(key: DatasetRecord): void {
    const index = this.#find(key);
    if (index >= 0) this.#records.splice(index, 1);
  }

  #find(key: DatasetRecord): number {
    return this.#records.findIndex((record) => Object.entries(key).every(([field, value]) => record[field] === value));
  }
}
