/**
 * Throwaway TLS material for tests, made with the `openssl` command line: a CA,
 * a server certificate for localhost/127.0.0.1/::1 signed by it, a client
 * certificate, and a self-signed certificate no one trusts.
 *
 * @packageDocumentation
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** PEM strings for a test. */
export interface TestCertificates {
  /** The CA certificate that signed `serverCert` and `clientCert`. */
  readonly ca: string;
  /** Server certificate for localhost, 127.0.0.1 and ::1. */
  readonly serverCert: string;
  /** Its key. */
  readonly serverKey: string;
  /** Client certificate (CN=sgc-test-client) for mutual TLS. */
  readonly clientCert: string;
  /** Its key. */
  readonly clientKey: string;
  /** The client certificate and key as PKCS#12 (PFX), protected by {@link TestCertificates.pfxPassphrase}. */
  readonly clientPfx: Buffer;
  /** The passphrase of `clientPfx`. */
  readonly pfxPassphrase: string;
  /** A self-signed certificate for localhost that no test CA vouches for. */
  readonly untrustedCert: string;
  /** Its key. */
  readonly untrustedKey: string;
}

let cached: TestCertificates | undefined;

/**
 * Creates (once per process) the test certificates.
 *
 * @returns PEM material
 * @throws when `openssl` is missing or fails
 * @example
 * ```ts
 * const { ca, serverCert, serverKey } = testCertificates();
 * ```
 */
export function testCertificates(): TestCertificates {
  if (cached) return cached;
  const dir = mkdtempSync(join(tmpdir(), 'sgc-certs-'));
  const ssl = (...args: string[]): void => {
    execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  };
  try {
    const key = (name: string): void => ssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', `${name}.key`);
    key('ca');
    ssl('req', '-x509', '-new', '-key', 'ca.key', '-subj', '/CN=sgc-test-ca', '-days', '2', '-out', 'ca.crt');
    const signed = (name: string, subject: string, extensions: string): void => {
      key(name);
      ssl('req', '-new', '-key', `${name}.key`, '-subj', subject, '-out', `${name}.csr`);
      writeFileSync(join(dir, `${name}.ext`), extensions);
      ssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-extfile', `${name}.ext`, '-out', `${name}.crt`);
    };
    signed('server', '/CN=localhost', 'subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1\nextendedKeyUsage=serverAuth\n');
    signed('client', '/CN=sgc-test-client', 'extendedKeyUsage=clientAuth\n');
    ssl('pkcs12', '-export', '-in', 'client.crt', '-inkey', 'client.key', '-passout', 'pass:sgc-pfx', '-out', 'client.pfx');
    key('untrusted');
    ssl('req', '-x509', '-new', '-key', 'untrusted.key', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-days', '2', '-out', 'untrusted.crt');
    const read = (file: string): string => readFileSync(join(dir, file), 'utf8');
    cached = {
      ca: read('ca.crt'),
      serverCert: read('server.crt'),
      serverKey: read('server.key'),
      clientCert: read('client.crt'),
      clientKey: read('client.key'),
      clientPfx: readFileSync(join(dir, 'client.pfx')),
      pfxPassphrase: 'sgc-pfx',
      untrustedCert: read('untrusted.crt'),
      untrustedKey: read('untrusted.key'),
    };
    return cached;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
