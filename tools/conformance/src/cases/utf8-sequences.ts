/**
 * The UTF-8 decoder stress sequences of cases 6.5-6.23, after Markus
 * Kuhn's UTF-8-test.txt as Autobahn groups them. Each entry carries the
 * validity Autobahn states for it; the cases themselves take validity from
 * the standalone oracle (utf8-oracle.ts), and a unit test checks that the
 * two agree.
 *
 * @module
 */
import { isValidUtf8 } from '../utf8-oracle.js';
import { hex } from './helpers.js';

/** One stress sequence. */
export interface Utf8Sequence {
  /** Validity as Autobahn lists it (undefined where Autobahn computes it). */
  listed: boolean | undefined;
  bytes: Buffer;
}

/** A numbered group: becomes subcategory 6.N. */
export interface Utf8Group {
  title: string;
  sequences: Utf8Sequence[];
}

const valid = (h: string): Utf8Sequence => ({ listed: true, bytes: hex(h) });
const invalid = (h: string): Utf8Sequence => ({ listed: false, bytes: hex(h) });
const text = (s: string): string => Buffer.from(s, 'latin1').toString('hex');

/** "κόσμε", Kuhn's sample of valid multi-byte text. */
const KOSME = 'cebae1bdb9cf83cebcceb5';

/** Bytes from..to-1, each followed by a space (Kuhn 3.2, lonely start bytes). */
function lonely(from: number, to: number): Utf8Sequence {
  const out: number[] = [];
  for (let b = from; b < to; b++) out.push(b, 0x20);
  return { listed: false, bytes: Buffer.from(out) };
}

/** Sequences with the last continuation byte missing (Kuhn 3.3). */
const TRUNCATED = ['c0', 'e080', 'f08080', 'f8808080', 'fc80808080', 'df', 'efbf', 'f7bfbf', 'fbbfbfbf', 'fdbfbfbfbf'];

/** Non-characters U+nFFFE/U+nFFFF: valid UTF-8 (Kuhn 5.3, Unicode corrigendum #9). */
function nonCharacters(): Utf8Sequence[] {
  const out = [valid('efbfbe'), valid('efbfbf')];
  for (const z1 of ['f0', 'f1', 'f2', 'f3', 'f4']) {
    for (const z2 of ['8f', '9f', 'af', 'bf']) {
      if (z1 === 'f4' && z2 !== '8f') continue; // beyond U+10FFFF
      for (const z3 of ['be', 'bf']) {
        const zz = `${z1}${z2}bf${z3}`;
        if (zz !== 'f08fbfbe' && zz !== 'f08fbfbf') out.push(valid(zz)); // skip overlong forms
      }
    }
  }
  return out;
}

/** Groups 6.5 to 6.23, in Autobahn's order. */
export const UTF8_GROUPS: Utf8Group[] = [
  {
    title: 'Some valid UTF-8 sequences',
    sequences: [valid(text('hello') + '24' + text('world')), valid(text('hello') + 'c2a2' + text('world')), valid(text('hello') + 'e282ac' + text('world')), valid(text('hello') + 'f0a4ada2' + text('world')), valid(KOSME)],
  },
  {
    title: 'All prefixes of a valid UTF-8 string that contains multi-byte code points',
    sequences: Array.from({ length: KOSME.length / 2 }, (_, i) => ({ listed: undefined, bytes: hex(KOSME.slice(0, (i + 1) * 2)) })),
  },
  { title: 'First possible sequence of a certain length', sequences: [valid('00'), valid('c280'), valid('e0a080'), valid('f0908080')] },
  { title: 'First possible sequence length 5/6 (invalid codepoints)', sequences: [invalid('f888808080'), invalid('fc8480808080')] },
  { title: 'Last possible sequence of a certain length', sequences: [valid('7f'), valid('dfbf'), valid('efbfbf'), valid('f48fbfbf')] },
  { title: 'Last possible sequence length 4/5/6 (invalid codepoints)', sequences: [invalid('f7bfbfbf'), invalid('fbbfbfbfbf'), invalid('fdbfbfbfbfbf')] },
  { title: 'Other boundary conditions', sequences: [valid('ed9fbf'), valid('ee8080'), valid('efbfbd'), valid('f48fbfbf'), invalid('f4908080')] },
  {
    title: 'Unexpected continuation bytes',
    sequences: [
      invalid('80'),
      invalid('bf'),
      invalid('80bf'),
      invalid('80bf80'),
      invalid('80bf80bf'),
      invalid('80bf80bf80'),
      invalid('80bf80bf80bf'),
      { listed: false, bytes: Buffer.from(Array.from({ length: 0xbf - 0x80 }, (_, i) => 0x80 + i)) },
    ],
  },
  { title: 'Lonely start characters', sequences: [lonely(0xc0, 0xdf), lonely(0xe0, 0xef), lonely(0xf0, 0xf7), lonely(0xf8, 0xfb), lonely(0xfc, 0xfd)] },
  { title: 'Sequences with last continuation byte missing', sequences: TRUNCATED.map(invalid) },
  { title: 'Concatenation of incomplete sequences', sequences: [invalid(TRUNCATED.join(''))] },
  { title: 'Impossible bytes', sequences: [invalid('fe'), invalid('ff'), invalid('fefeffff')] },
  { title: 'Examples of an overlong ASCII character', sequences: ['c0af', 'e080af', 'f08080af', 'f8808080af', 'fc80808080af'].map(invalid) },
  { title: 'Maximum overlong sequences', sequences: ['c1bf', 'e09fbf', 'f08fbfbf', 'f887bfbfbf', 'fc83bfbfbfbf'].map(invalid) },
  { title: 'Overlong representation of the NUL character', sequences: ['c080', 'e08080', 'f0808080', 'f880808080', 'fc8080808080'].map(invalid) },
  { title: 'Single UTF-16 surrogates', sequences: ['eda080', 'edadbf', 'edae80', 'edafbf', 'edb080', 'edbe80', 'edbfbf'].map(invalid) },
  {
    title: 'Paired UTF-16 surrogates',
    sequences: ['eda080edb080', 'eda080edbfbf', 'edadbfedb080', 'edadbfedbfbf', 'edae80edb080', 'edae80edbfbf', 'edafbfedb080', 'edafbfedbfbf'].map(invalid),
  },
  { title: 'Non-character code points (valid UTF-8)', sequences: nonCharacters() },
  { title: 'Unicode specials (i.e. replacement char)', sequences: ['efbfb9', 'efbfba', 'efbfbb', 'efbfbc', 'efbfbd', 'efbfbe', 'efbfbf'].map(valid) },
];

/**
 * Validity of a sequence according to the oracle.
 *
 * @param s - the sequence
 * @returns true when it is well-formed UTF-8
 */
export function oracleValid(s: Utf8Sequence): boolean {
  return isValidUtf8(s.bytes);
}
