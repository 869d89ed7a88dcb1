/**
 * dataset.esegece.com.js (`sgcws_dataset`) and the built-in /dataset.esegece.com.html page in a
 * real browser (Chromium, see fixtures/chromium.ts), talking the dataset protocol to an
 * HttpServer with the protocol's server plug-in, and through it to Node clients of the protocol.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { WebSocketClient } from '@sgc/client';
import { DATASET_PROTOCOL, DatasetProtocolClient, RECORDS_CHANNEL, type DatasetFieldMetadata, type DatasetRecord, type RecordChange } from '@sgc/protocols';
import { DatasetProtocolServer, MemoryDataSource, type DatasetProtocolServerOptions } from '@sgc/protocols/server';
import { pageEvents, SOCKET_EVENTS, useBrowserPages, type RecordingWindow } from './fixtures/browser-pages.js';

/** What the page records of each sgcws_dataset event (the fields it has), read back by the test. */
interface Recorded {
  type: string;
  channel?: string | undefined;
  dataset?: DatasetRecord | undefined;
  metadata?: DatasetFieldMetadata[] | undefined;
  dataset_name?: string | undefined;
  dataset_recordcount?: number | undefined;
  /** An `sgcevent`'s message, the text of an `error` event. */
  message?: unknown;
  guid?: string | undefined;
}

/** The page's sgcws_dataset (see RecordingWindow). */
interface PageDataset {
  on(name: string, listener: (event: Recorded) => void): void;
  subscribe_all(): void;
  unsubscribe_all(): void;
  synchronize(): void;
  getmetadata(): void;
  dataset_new(json: unknown): void;
  dataset_update(json: unknown): void;
  dataset_delete(json: unknown): void;
  subscribe(channel: string): void;
  close(): void;
}
declare const window: RecordingWindow<PageDataset, Recorded> & { sgcws_dataset: new (url: string) => PageDataset };

/** Every event an sgcws_dataset fires but `message` (the raw texts): the dataset's, sgcws's and sgcWebSocket's. */
const EVENT_TYPES = [
  ...SOCKET_EVENTS,
  'sgcdataset',
  'sgcmetadata',
  'sgcbeforesynchronize',
  'sgcaftersynchronize',
  'sgcmessage',
  'sgcevent',
  'sgcsubscribe',
  'sgcunsubscribe',
  'sgcsession',
];

const FIELDS = [
  { name: 'id', dataType: 'number', key: true },
  { name: 'name', size: 50 },
];

const browser = useBrowserPages();
const { waitForEvent, waitForEvents, eventsOf } = pageEvents<Recorded>();

/** Starts an HttpServer speaking the dataset protocol on Ann and Bob, and opens its built-in /dataset.esegece.com.html. */
async function openDatasetPage(options: Partial<DatasetProtocolServerOptions> = {}) {
  const people = new MemoryDataSource('people', FIELDS, [
    { id: 1, name: 'Ann' },
    { id: 2, name: 'Bob' },
  ]);
  const dataset = new DatasetProtocolServer({ dataSource: people, applyUpdates: true, ...options });
  const { url } = await browser.start(dataset);
  return { dataset, people, url, page: await browser.open('/dataset.esegece.com.html') };
}

/** Opens an sgcws_dataset on the page as `window.socket`, recording its events, and waits for its session. */
async function openSgcwsDataset(options?: Partial<DatasetProtocolServerOptions>) {
  const opened = await openDatasetPage(options);
  await opened.page.evaluate(
    ([url, types]) => {
      window.socket = new window.sgcws_dataset(url);
      window.recordEvents(window.socket, types);
    },
    [opened.url, EVENT_TYPES] as const,
  );
  await waitForEvent(opened.page, { type: 'sgcsession' });
  return opened;
}

/** Has the page subscribe to the record changes, and waits until the three subscriptions took effect. */
async function subscribeAll(page: Page): Promise<void> {
  await page.evaluate(() => window.socket.subscribe_all());
  const subscribed = await waitForEvents(page, 'sgcsubscribe', 3);
  expect(subscribed.map((event) => event.channel).sort()).toEqual(['sgc@dataset@delete', 'sgc@dataset@new', 'sgc@dataset@update']);
}

/** Connects a Node client of the protocol (`@sgc/client` underneath), subscribed to the record changes; closed after the test. */
async function connectNode(url: string): Promise<DatasetProtocolClient> {
  const ws = new WebSocketClient({ url, protocols: [DATASET_PROTOCOL] });
  const client = new DatasetProtocolClient(ws, { autoSubscribe: false });
  browser.onCleanup(() => {
    client.sgc.detach();
    return ws.close().catch(() => undefined);
  });
  await ws.connect();
  await client.subscribeAll();
  return client;
}

/** Resolves with a Node client's next record notice. */
function nextRecord(client: DatasetProtocolClient): Promise<[RecordChange, DatasetRecord]> {
  return new Promise((resolve) => client.once('record', (change, record) => resolve([change, record])));
}

describe('sgcws_dataset (dataset.esegece.com.js) in Chromium', () => {
  it("subscribes with subscribe_all and gets the server's and a Node client's changes as sgcdataset", async () => {
    const { dataset, page, url } = await openSgcwsDataset();
    await subscribeAll(page);

    dataset.broadcastRecord('new', { id: 3, name: 'Cid' });
    await waitForEvent(page, { type: 'sgcdataset', channel: 'sgc@dataset@new', dataset: { id: 3, name: 'Cid' } });

    const node = await connectNode(url);
    await node.updateRecord({ id: 1, name: 'Ann B.' });
    await waitForEvent(page, { type: 'sgcdataset', channel: 'sgc@dataset@update', dataset: { id: 1, name: 'Ann B.' } });
    await node.deleteRecord({ id: 2 });
    await waitForEvent(page, { type: 'sgcdataset', channel: 'sgc@dataset@delete', dataset: { id: 2 } });

    await page.evaluate(() => window.socket.unsubscribe_all());
    const unsubscribed = await waitForEvents(page, 'sgcunsubscribe', 3);
    expect(unsubscribed.map((event) => event.channel).sort()).toEqual(['sgc@dataset@delete', 'sgc@dataset@new', 'sgc@dataset@update']);
    // The Node client is the only subscriber left.
    expect(dataset.broadcastRecord('new', { id: 5, name: 'Eve' })).toBe(1);
  });

  it('sends dataset_new, dataset_update and dataset_delete (JSON text or objects): applied, and heard by a Node client', async () => {
    const { people, page, url } = await openSgcwsDataset();
    const node = await connectNode(url);

    let heard = nextRecord(node);
    await page.evaluate(() => window.socket.dataset_update('{"id": 2, "name": "Bob B."}'));
    expect(await heard).toEqual(['update', { id: 2, name: 'Bob B.' }]);
    expect(people.records()).toContainEqual({ id: 2, name: 'Bob B.' });

    heard = nextRecord(node);
    await page.evaluate(() => window.socket.dataset_new({ id: 3, name: 'Cid' }));
    expect(await heard).toEqual(['new', { id: 3, name: 'Cid' }]);
    heard = nextRecord(node);
    await page.evaluate(() => window.socket.dataset_delete('{"id": 1}'));
    expect(await heard).toEqual(['delete', { id: 1 }]);
    expect(people.records()).toEqual([
      { id: 2, name: 'Bob B.' },
      { id: 3, name: 'Cid' },
    ]);
    expect(await eventsOf(page, 'error')).toEqual([]);
  });

  it('synchronizes: sgcbeforesynchronize, each record as sgcdataset on sgc@dataset@records, sgcaftersynchronize', async () => {
    const { page } = await openSgcwsDataset();
    await page.evaluate(() => window.socket.synchronize());
    await waitForEvent(page, { type: 'sgcaftersynchronize', dataset_name: 'people' });
    const synchronization = await page.evaluate(() => window.events.filter((event) => event.type.endsWith('synchronize') || event.type === 'sgcdataset'));
    expect(synchronization).toEqual([
      { type: 'sgcbeforesynchronize', dataset_name: 'people', dataset_recordcount: 2 },
      { type: 'sgcdataset', channel: RECORDS_CHANNEL, dataset: { id: 1, name: 'Ann' } },
      { type: 'sgcdataset', channel: RECORDS_CHANNEL, dataset: { id: 2, name: 'Bob' } },
      { type: 'sgcaftersynchronize', dataset_name: 'people' },
    ]);
  });

  it('gets the fields with getmetadata', async () => {
    const { page } = await openSgcwsDataset();
    await page.evaluate(() => window.socket.getmetadata());
    const { metadata } = await waitForEvent(page, { type: 'sgcmetadata' });
    expect(metadata).toEqual([
      { fieldname: 'id', datatype: 'number', datasize: 0, keyfield: true },
      { fieldname: 'name', datatype: 'string', datasize: 50, keyfield: false },
    ]);
  });

  it("gets the metadata and every record on connect from a server with autoSynchronize", async () => {
    const { page } = await openSgcwsDataset({ autoSynchronize: true });
    await waitForEvent(page, { type: 'sgcaftersynchronize', dataset_name: 'people' });
    expect(await eventsOf(page, 'sgcmetadata')).toHaveLength(1);
    expect((await eventsOf(page, 'sgcdataset')).map((event) => event.dataset)).toEqual([
      { id: 1, name: 'Ann' },
      { id: 2, name: 'Bob' },
    ]);
  });

  it('does what an sgcws does too: subscribes to a channel and gets what a Node client publishes', async () => {
    const { page, url } = await openSgcwsDataset();
    const node = await connectNode(url);
    await page.evaluate(() => window.socket.subscribe('chat'));
    await waitForEvent(page, { type: 'sgcsubscribe', channel: 'chat' });
    await node.sgc.publish({ text: 'hello' }, 'chat');
    await waitForEvent(page, { type: 'sgcevent', channel: 'chat', message: { text: 'hello' } });
  });

  it('reports refusals and bad records as error events, never as rejections', async () => {
    const { people, page } = await openSgcwsDataset();
    await page.evaluate(() => window.socket.dataset_update('{"name": "nobody"}'));
    await waitForEvent(page, { type: 'error', message: 'The record lacks a key field' });
    await page.evaluate(() => {
      window.socket.dataset_new('not JSON');
      window.socket.dataset_delete('[1]');
    });
    const bad = await waitForEvents(page, 'error', 3);
    expect(bad.slice(1).map((event) => event.message)).toEqual(Array(2).fill('A record is a JSON object, or a string holding one'));
    expect(people.records()).toHaveLength(2);

    await page.evaluate(() => window.socket.close());
    await waitForEvent(page, { type: 'close' });
    await page.evaluate(() => {
      window.socket.subscribe_all();
      window.socket.unsubscribe_all();
      window.socket.synchronize();
      window.socket.getmetadata();
      window.socket.dataset_new({ id: 9 });
    });
    const errors = await waitForEvents(page, 'error', 8);
    // One each: subscribe_all's and unsubscribe_all's three requests fail as one.
    expect(errors.slice(3).map((event) => event.message)).toEqual(Array(5).fill('The connection is not open'));
  });

  it("the built-in page's Open connects, its Synchronize fills the table, which follows the changes once subscribed", async () => {
    const { dataset, people, page } = await openDatasetPage();
    const log = page.locator('#log');
    // innerText puts a tab between a row's cells.
    const rows = async (): Promise<string[]> => (await page.locator('#records tbody tr').allInnerTexts()).map((row) => row.split('\t').join('|'));
    await page.click('#open');
    // The page asks for the metadata on open, for the key fields.
    await expect.poll(() => log.textContent()).toContain('metadata: id number key, name string(50)');

    await page.click('#synchronize');
    await expect.poll(rows).toEqual(['1|Ann', '2|Bob']);
    await expect.poll(() => log.textContent()).toContain('synchronized people: 2 records');

    await page.click('#subscribeall');
    await expect.poll(() => log.textContent()).toContain('subscribed: sgc@dataset@delete');
    dataset.broadcastRecord('new', { id: 3, name: '<b>Cid</b>' });
    dataset.broadcastRecord('update', { id: 1, name: 'Ann B.' });
    dataset.broadcastRecord('delete', { id: 2 });
    await expect.poll(rows).toEqual(['1|Ann B.', '3|<b>Cid</b>']);
    // textContent only: the name is no markup.
    expect(await page.locator('#records b').count()).toBe(0);

    // The form sends a change as JSON.
    await page.fill('#record', '{"id": 3, "name": "Cid"}');
    await page.click('#new');
    await expect.poll(() => people.records()).toContainEqual({ id: 3, name: 'Cid' });
    await page.click('#close');
    await expect.poll(() => log.textContent()).toContain('close (1000)');
  });
});
