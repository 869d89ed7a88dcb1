import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic } from '../src/static/index.js';
import { DOTFILE_SECRET, HELLO_TEXT, OUTSIDE_SECRET, makeStaticTree, type StaticTree } from './fixtures/static/tree.js';
import { NOT_FOUND_BODY, rawRequest, startServer, type TestServer } from './fixtures/static/server.js';

let tree: StaticTree;
/** The default policy: dotfiles are refused. */
let server: TestServer;
/** Dotfiles allowed: then only the containment checks stand between a request and the outside. */
let permissive: TestServer;

beforeAll(async () => {
  tree = await makeStaticTree();
  server = await startServer((request, response) => serveStatic(request, response, { root: tree.root }));
  permissive = await startServer((request, response) => serveStatic(request, response, { root: tree.root, dotfiles: 'allow' }));
});

afterAll(async () => {
  await server?.close();
  await permissive?.close();
  await tree?.remove();
});

/** Raw request targets, sent byte for byte: an HTTP client would normalise most of them away. */
const ESCAPES = [
  '/../secret.txt',
  '/../../../../../../etc/passwd',
  '/%2e%2e/secret.txt',
  '/%2E%2E/secret.txt',
  '/%2e%2e%2fsecret.txt',
  '/..%2fsecret.txt',
  '/sub/%2e%2e/%2e%2e/secret.txt',
  '/%252e%252e/secret.txt', // double-encoded: decoded once, it is the literal (missing) name `%2e%2e`
  '/%252e%252e%252fsecret.txt',
  '/..\\secret.txt',
  '/%5c..%5csecret.txt',
  '/..%5csecret.txt',
  '/%00',
  '/hello.txt%00.html',
  '/%c0%ae%c0%ae/secret.txt', // overlong UTF-8 dots: invalid, refused
  '/%2', // malformed percent-encoding
  '//etc/passwd',
  '/{outside}', // `{outside}`: the absolute path of the file outside the root
  '/{outside:encoded}',
  '/sub/../../secret.txt',
  '/./../secret.txt',
  '/sub/./../../secret.txt',
  '/sub%2f..%2f..%2fsecret.txt',
  'http://127.0.0.1/../secret.txt', // absolute-form: its path is checked as sent
  '/link-out', // symbolic link to the outside file
  '/link-dir-out/secret.txt', // symbolic link to the directory above the root
  '/sub/..',
  '*',
];

/** Dotfiles, directly or through a link: refused under the default policy. */
const DOTFILES = ['/.env', '/%2eenv', '/.hidden/inside.txt', '/link-dot'];

/** Sends a raw request and checks that the caller's 404 answered it because serveStatic refused. */
async function expectRefused(on: TestServer, attempt: string): Promise<void> {
  const target = attempt.replace('{outside:encoded}', encodeURIComponent(tree.outsideFile)).replace('{outside}', tree.outsideFile);
  const before = on.handled.length;
  const reply = await rawRequest(on.port, target);
  // Node's parser lets all of these through, so each must reach serveStatic and be refused there.
  expect(reply.status).toBe(404);
  expect(reply.text).toContain(NOT_FOUND_BODY);
  await expect(on.handled[before]).resolves.toBe(false);
  expect(reply.text).not.toContain(OUTSIDE_SECRET);
  expect(reply.text).not.toContain(DOTFILE_SECRET);
  expect(reply.text).not.toContain('root:'); // /etc/passwd
}

describe('serveStatic keeps requests inside the root', () => {
  it.each([...ESCAPES, ...DOTFILES, '/.hidden/'])('refuses %s with the caller’s 404 and never sends outside content', (attempt) =>
    expectRefused(server, attempt),
  );

  it.each(ESCAPES)('still refuses %s when dotfiles are allowed', (attempt) => expectRefused(permissive, attempt));

  it('serves dotfiles inside the root when they are allowed', async () => {
    for (const target of DOTFILES) {
      const reply = await rawRequest(permissive.port, target);
      expect(reply.status, target).toBe(200);
      expect(reply.text, target).toContain(DOTFILE_SECRET);
    }
  });

  it('refuses in the same way for HEAD', async () => {
    for (const target of ['/../secret.txt', '/%2e%2e/secret.txt', '/link-out', '/.env']) {
      expect((await rawRequest(server.port, target, 'HEAD')).status, target).toBe(404);
    }
  });

  it('still serves the same files through ordinary paths (the refusals are not blanket)', async () => {
    // A link whose real path is back inside the root is not a way out, and is served.
    for (const target of ['/hello.txt', '/%68ello.txt', '/link-in', '/link-dir-out/root/hello.txt', 'http://127.0.0.1/hello.txt']) {
      const reply = await rawRequest(server.port, target);
      expect(reply.status, target).toBe(200);
      expect(Buffer.from(reply.text, 'latin1').toString('utf8'), target).toContain(HELLO_TEXT);
    }
  });
});
