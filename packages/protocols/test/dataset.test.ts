/**
 * The dataset protocol: metadata and synchronization, record notices from the server and
 * from clients (applied or not, notified or not, handled by a hook), refusals, the form
 * eSeGeCe's dataset.esegece.com.js sends, and the default protocol underneath.
 */
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WebSocketClient } from '@sgc/client';
import { WebSocketServer } from '@sgc/server';
import { DATASET_PROTOCOL, DatasetProtocolClient, RpcError, type DatasetRecord, type RecordChange } from '../src/index.js';
import { DatasetProtocolServer, MemoryDataSource, type DataSource, type DatasetProtocolServerOptions } from '../src/server.js';
import { onCleanup } from './fixtures/sgc-peers.js';

const FIELDS = [
  { name: 'id', dataType: 'number', key: true },
  { name: 'name', size: 50 },
];

function people(): MemoryDataSource {
  return new MemoryDataSource('people', FIELDS, [
    { id: 1, name: 'Ann' },
    { id: 2, name: 'Bob' },
  ]);
}

async function start<S extends DataSource = MemoryDataSource>(options: Partial<DatasetProtocolServerOptions> & { dataSource?: S } = {}) {
  const dataSource = (options.dataSource ?? people()) as S;
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, closeTimeout: 500 });
  const dataset = new DatasetProtocolServer({ ...options, dataSource });
  server.use(dataset);
  await server.start();
  onCleanup(() => server.stop());
  return { server, dataset, dataSource, url: `ws://127.0.0.1:${server.port}` };
}

async function connect(url: string, autoSubscribe = true) {
  const ws = new WebSocketClient({ url, protocols: [DATASET_PROTOCOL] });
  const client = new DatasetProtocolClient(ws, { autoSubscribe });
  onCleanup(() => ws.close().catch(() => undefined));
  const subscribed = autoSubscribe ? waitForSubscriptions(client) : Promise.resolve();
  await ws.connect();
  await subscribed;
  return client;
}

function waitForSubscriptions(client: DatasetProtocolClient): Promise<void> {
  return new Promise((resolve) => client.sgc.on('subscription', () => client.sgc.subscriptions.length === 3 && resolve()));
}

function nextRecord(client: DatasetProtocolClient): Promise<[RecordChange, DatasetRecord]> {
  return new Promise((resolve) => client.once('record', (change, record) => resolve([change, record])));
}

describe('dataset protocol', () => {
  it('sends the metadata and every record on request, with events around the synchronization', async () => {
    const { url } = await start();
    const client = await connect(url, false);
    await expect(client.getMetadata()).resolves.toEqual([
      { fieldname: 'id', datatype: 'number', datasize: 0, keyfield: true },
      { fieldname: 'name', datatype: 'string', datasize: 50, keyfield: false },
    ]);
    const before = new Promise((resolve) => client.once('beforeSynchronize', (name, count) => resolve([name, count])));
    const after = new Promise((resolve) => client.once('afterSynchronize', (name, records) => resolve([name, records.length])));
    const arrived: Array<[unknown, number]> = [];
    client.on('synchronizeRecord', (record, recordNumber) => arrived.push([record.name, recordNumber]));
    await expect(client.synchronize()).resolves.toEqual([
      { id: 1, name: 'Ann' },
      { id: 2, name: 'Bob' },
    ]);
    await expect(before).resolves.toEqual(['people', 2]);
    await expect(after).resolves.toEqual(['people', 2]);
    expect(arrived).toEqual([
      ['Ann', 1],
      ['Bob', 2],
    ]);
  });

  it('synchronizes on connect with autoSynchronize', async () => {
    const { url } = await start({ autoSynchronize: true });
    const ws = new WebSocketClient({ url, protocols: [DATASET_PROTOCOL] });
    const client = new DatasetProtocolClient(ws, { autoSubscribe: false });
    onCleanup(() => ws.close().catch(() => undefined));
    const metadata = new Promise((resolve) => client.once('metadata', resolve));
    const records = new Promise((resolve) => client.once('afterSynchronize', (_name, got) => resolve(got)));
    await ws.connect();
    expect(await metadata).toHaveLength(2);
    expect(await records).toEqual([
      { id: 1, name: 'Ann' },
      { id: 2, name: 'Bob' },
    ]);
  });

  it("broadcasts the server's records and applies clients' changes for the other subscribers", async () => {
    const { dataset, dataSource, url } = await start({ applyUpdates: true });
    const [editor, viewer] = [await connect(url), await connect(url)];
    const editorRecords: RecordChange[] = [];
    editor.on('record', (change) => editorRecords.push(change));

    expect(editor.sgc.subscriptions).toHaveLength(3);
    await editor.unsubscribeAll();
    expect(editor.sgc.subscriptions).toEqual([]);
    await editor.subscribeAll();
    const added = nextRecord(viewer);
    dataset.broadcastRecord('new', { id: 3, name: 'Cid' });
    await expect(added).resolves.toEqual(['new', { id: 3, name: 'Cid' }]);

    const changed = nextRecord(viewer);
    await editor.updateRecord({ id: 1, name: 'Ann B.' });
    await expect(changed).resolves.toEqual(['update', { id: 1, name: 'Ann B.' }]);
    const created = nextRecord(viewer);
    await editor.newRecord({ id: 4, name: 'Dee' });
    await expect(created).resolves.toEqual(['new', { id: 4, name: 'Dee' }]);
    const deleted = nextRecord(viewer);
    await editor.deleteRecord({ id: 2 });
    await expect(deleted).resolves.toEqual(['delete', { id: 2 }]);
    expect(dataSource.records()).toEqual([
      { id: 1, name: 'Ann B.' },
      { id: 4, name: 'Dee' },
    ]);
    // The editor heard only the server's own broadcast, not its own changes.
    expect(editorRecords).toEqual(['new']);
  });

  it('leaves the data source alone without applyUpdates or when a hook handled the change, and honours notifyUpdates', async () => {
    const seen: string[] = [];
    const { dataset, dataSource, url } = await start({
      notifyDeletes: false,
      beforeRecord: (_conn, change, record) => {
        seen.push(`${change}:${String(record.id)}`);
        return change === 'delete';
      },
    });
    const recorded: string[] = [];
    dataset.on('record', (_conn, change) => recorded.push(change));
    const [editor, viewer] = [await connect(url), await connect(url)];
    const viewerRecords: RecordChange[] = [];
    viewer.on('record', (change) => viewerRecords.push(change));
    const changed = nextRecord(viewer);
    await editor.updateRecord({ id: 1, name: 'not applied' });
    await changed;
    await editor.deleteRecord({ id: 2 });
    const marker = nextRecord(viewer);
    dataset.broadcastRecord('new', { id: 9, name: 'marker' });
    await marker;
    expect(viewerRecords).toEqual(['update', 'new']);
    expect(seen).toEqual(['update:1', 'delete:2']);
    expect(recorded).toEqual(['update', 'delete']);
    expect(dataSource.records()).toEqual(people().records());
  });

  it('refuses records without a key and reports a data source that cannot apply a change', async () => {
    const readOnly = { name: 'fixed', fields: FIELDS, records: () => [{ id: 1, name: 'Ann' }] };
    const { dataset, url } = await start({ dataSource: readOnly, applyUpdates: true });
    const errors: string[] = [];
    dataset.on('error', (_conn, error) => errors.push(error.code));
    const client = await connect(url, false);
    const noKey = await client.updateRecord({ name: 'who?' }).catch((error: unknown) => error);
    expect(noKey).toBeInstanceOf(RpcError);
    expect(noKey).toMatchObject({ rpcCode: -32602 });
    await expect(client.updateRecord({ id: 1, name: 'x' })).rejects.toMatchObject({ rpcCode: -32603, message: 'The data source fixed cannot update records' });
    expect(errors).toEqual(['SGC_ERR_PROTOCOL_VIOLATION', 'SGC_ERR_NOT_SUPPORTED']);
    await expect(client.synchronize()).resolves.toHaveLength(1);
  });

  it('accepts the result-shaped change eSeGeCe\'s dataset.esegece.com.js sends, and keeps the default protocol working', async () => {
    const { dataSource, url } = await start({ applyUpdates: true });
    const viewer = await connect(url);
    const socket = new WebSocket(url, DATASET_PROTOCOL);
    onCleanup(() => socket.terminate());
    await once(socket, 'open');
    const changed = nextRecord(viewer);
    socket.send('{"jsonrpc":"2.0", "result":{"method":"sgc@dataset","channel":"sgc@dataset@update","dataset":{"id":2,"name":"Bobby"}}}');
    await expect(changed).resolves.toEqual(['update', { id: 2, name: 'Bobby' }]);
    expect(dataSource.records()[1]).toEqual({ id: 2, name: 'Bobby' });

    const published = new Promise((resolve) => viewer.sgc.once('event', (channel, message) => resolve([channel, message])));
    await viewer.sgc.subscribe('chat');
    await viewer.sgc.publish('over dataset', 'chat', { qos: 1 });
    await expect(published).resolves.toEqual(['chat', 'over dataset']);
  });
});
