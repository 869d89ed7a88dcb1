/**
 * Synthetic stand-ins for Autobahn's compression test data (12.x, 13.x),
 * generated from a fixed seed so every run sends the same octets and no
 * file or network access is needed. Each imitates the statistics of the
 * original kind of data: JSON records, HTML, German verse (UTF-8, sent as
 * binary as in Autobahn), an 8-bit grayscale BMP and a PDF with
 * incompressible image streams. The text corpora are pure ASCII, because
 * cases cut messages at arbitrary octet offsets and a text message must
 * stay valid UTF-8.
 *
 * @module
 */

/** One corpus. */
export interface Corpus {
  /** Autobahn's key, e.g. "json_data1". */
  key: string;
  /** Autobahn's description. */
  description: string;
  /** Sent as binary (true) or text messages. */
  binary: boolean;
  data: Buffer;
}

/** mulberry32: a small, fast, seedable PRNG; quality is ample for test data. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: () => number, list: readonly T[]): T => list[Math.floor(r() * list.length)] as T;

const WORDS = [
  'alpha', 'beta', 'gamma', 'delta', 'socket', 'frame', 'message', 'server', 'client', 'buffer', 'stream', 'window',
  'deflate', 'payload', 'header', 'network', 'latency', 'packet', 'channel', 'session', 'event', 'close', 'open', 'state',
  'river', 'mountain', 'garden', 'orange', 'silver', 'market', 'letter', 'summer', 'winter', 'signal', 'vector', 'matrix',
];

/** Text built until `size` octets, then cut to exactly `size`. */
function build(size: number, next: () => string): Buffer {
  const parts: string[] = [];
  let length = 0;
  while (length < size) {
    const s = next();
    parts.push(s);
    length += Buffer.byteLength(s);
  }
  return Buffer.from(parts.join('')).subarray(0, size);
}

function jsonData(): Buffer {
  const r = prng(1);
  let id = 0;
  const record = (): string =>
    JSON.stringify({
      id: id++,
      guid: Array.from({ length: 4 }, () => Math.floor(r() * 0xffff).toString(16).padStart(4, '0')).join('-'),
      isActive: r() > 0.5,
      balance: Math.round(r() * 1e6) / 100,
      name: `${pick(r, WORDS)} ${pick(r, WORDS)}`,
      tags: Array.from({ length: 1 + Math.floor(r() * 5) }, () => pick(r, WORDS)),
      address: { street: `${Math.floor(r() * 999)} ${pick(r, WORDS)} street`, city: pick(r, WORDS), zip: String(10000 + Math.floor(r() * 89999)) },
      about: Array.from({ length: 8 + Math.floor(r() * 20) }, () => pick(r, WORDS)).join(' '),
    }) + ',\n';
  return build(194_237, record);
}

function htmlData(): Buffer {
  const r = prng(2);
  const sentence = (): string => Array.from({ length: 6 + Math.floor(r() * 12) }, () => pick(r, WORDS)).join(' ');
  const block = (): string => {
    const k = r();
    if (k < 0.4) return `<p class="${pick(r, WORDS)}">${sentence()}. <a href="/${pick(r, WORDS)}/${Math.floor(r() * 1000)}.html">${pick(r, WORDS)}</a></p>\n`;
    if (k < 0.6) return `<ul>\n${Array.from({ length: 3 }, () => `  <li>${sentence()}</li>\n`).join('')}</ul>\n`;
    if (k < 0.8) return `<table><tr><td>${Math.floor(r() * 1e4)}</td><td>${pick(r, WORDS)}</td><td>${r().toFixed(4)}</td></tr></table>\n`;
    return `<div id="${pick(r, WORDS)}-${Math.floor(r() * 100)}"><h2>${sentence()}</h2></div>\n`;
  };
  return build(83_876, block);
}

function faustText(): Buffer {
  const r = prng(3);
  const words = ['Ich', 'bin', 'der', 'Geist', 'der', 'stets', 'verneint', 'Und', 'das', 'mit', 'Recht', 'denn', 'alles', 'was', 'entsteht',
    'Ist', 'wert', 'daß', 'es', 'zugrunde', 'geht', 'Drum', 'besser', 'wär', 'nichts', 'Herz', 'Brust', 'Schöne', 'Glück', 'Mädchen',
    'Straße', 'Größe', 'müssen', 'über', 'Wälder', 'Höhle', 'Nacht', 'Tag', 'Welt', 'Zeit'];
  const speakers = ['FAUST', 'MEPHISTOPHELES', 'GRETCHEN', 'WAGNER', 'MARTHE', 'CHOR'];
  const stanza = (): string => {
    const lines = Array.from({ length: 2 + Math.floor(r() * 5) }, () => '  ' + Array.from({ length: 4 + Math.floor(r() * 5) }, () => pick(r, words)).join(' ') + pick(r, [',', '.', '!', ';', '?']));
    return `${pick(r, speakers)}:\n${lines.join('\n')}\n\n`;
  };
  return build(222_218, stanza);
}

function lenaBitmap(): Buffer {
  const r = prng(4);
  const w = 512;
  const h = 512;
  const header = Buffer.alloc(54 + 1024);
  // BITMAPFILEHEADER + BITMAPINFOHEADER, 8 bits per pixel with a gray palette.
  header.write('BM', 0, 'latin1');
  header.writeUInt32LE(54 + 1024 + w * h, 2);
  header.writeUInt32LE(54 + 1024, 10);
  header.writeUInt32LE(40, 14);
  header.writeInt32LE(w, 18);
  header.writeInt32LE(h, 22);
  header.writeUInt16LE(1, 26);
  header.writeUInt16LE(8, 28);
  header.writeUInt32LE(w * h, 34);
  header.writeUInt32LE(256, 46);
  for (let i = 0; i < 256; i++) header.writeUInt32LE(i * 0x010101, 54 + i * 4);
  const pixels = Buffer.alloc(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      // Smooth shapes plus sensor-like noise: photographs compress moderately.
      const v = 128 + 60 * Math.sin(x / 37) * Math.cos(y / 23) + 40 * Math.sin((x + y) / 71) + (r() - 0.5) * 24;
      pixels[y * w + x] = Math.max(0, Math.min(255, Math.round(v)));
    }
  }
  return Buffer.concat([header, pixels]);
}

function pdfDocument(): Buffer {
  const r = prng(5);
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let size = parts[0]?.length ?? 0;
  let obj = 1;
  while (size < 1_042_328) {
    let body: Buffer;
    if (r() < 0.35) {
      // An already-compressed image stream: near-random octets.
      const raw = Buffer.alloc(2048 + Math.floor(r() * 8192));
      for (let i = 0; i < raw.length; i++) raw[i] = Math.floor(r() * 256);
      body = Buffer.concat([Buffer.from(`${obj} 0 obj\n<< /Type /XObject /Subtype /Image /Filter /DCTDecode /Length ${raw.length} >>\nstream\n`), raw, Buffer.from('\nendstream\nendobj\n')]);
    } else {
      const ops = Array.from({ length: 20 + Math.floor(r() * 60) }, () => `BT /F${1 + Math.floor(r() * 3)} ${8 + Math.floor(r() * 6)} Tf ${Math.floor(r() * 500)} ${Math.floor(r() * 700)} Td (${pick(r, WORDS)} ${pick(r, WORDS)}) Tj ET`).join('\n');
      body = Buffer.from(`${obj} 0 obj\n<< /Length ${ops.length} >>\nstream\n${ops}\nendstream\nendobj\n`);
    }
    parts.push(body);
    size += body.length;
    obj++;
  }
  return Buffer.concat(parts).subarray(0, 1_042_328);
}

let cache: Corpus[] | undefined;

/**
 * The five corpora in the order Autobahn's 12.1-12.5 use them, built once.
 *
 * @returns json, bitmap, verse, html, pdf
 */
export function corpora(): Corpus[] {
  cache ??= [
    { key: 'json_data1', description: 'Large JSON data file', binary: false, data: jsonData() },
    { key: 'lena512', description: 'Lena Picture, Bitmap 512x512 bw', binary: true, data: lenaBitmap() },
    { key: 'gutenberg_faust', description: "Human readable text, Goethe's Faust I (German)", binary: true, data: faustText() },
    { key: 'html_data1', description: 'Large HTML file', binary: false, data: htmlData() },
    { key: 'ooms', description: 'A larger PDF', binary: true, data: pdfDocument() },
  ];
  return cache;
}
