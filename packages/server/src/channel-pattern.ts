/**
 * Wildcard channels (the manual's `Subscribe('news*')`, `Publish(…, 'news*')` and its
 * `UseMatchesMasks` option). A pattern may be on either side: a subscription to `news*`
 * gets what is published on `news1`, and a publish on `news*` reaches the subscribers of
 * `news1` and of `news2`.
 *
 * @module
 */

/**
 * How channel names match when a broadcast asks for wildcards:
 * - `'star'`: `*` stands for any run of characters (none included); every other character is literal.
 * - `'mask'`: the manual's `UseMatchesMasks`: `*` as above, `?` for exactly one character, and
 *   `[abc]`, `[a-z]`, `[!abc]` for one character of (or not of) a set.
 */
export type ChannelWildcards = 'star' | 'mask';

/**
 * Tells whether a value names a wildcard syntax (for filters that arrive from elsewhere).
 *
 * @param value - any value
 * @returns `true` for `'star'` and `'mask'`
 */
export function isChannelWildcards(value: unknown): value is ChannelWildcards {
  return value === 'star' || value === 'mask';
}

const STAR_SPECIALS = /[*]/;
const MASK_SPECIALS = /[*?[]/;

/**
 * Tells whether a channel name holds wildcard characters of `syntax`.
 *
 * @param channel - the channel name
 * @param syntax - the wildcard syntax
 * @returns `true` when it is a pattern rather than one name
 * @example
 * ```ts
 * hasWildcards('news*', 'star'); // true
 * hasWildcards('news?', 'star'); // false: `?` is literal without masks
 * ```
 */
export function hasWildcards(channel: string, syntax: ChannelWildcards): boolean {
  return (syntax === 'mask' ? MASK_SPECIALS : STAR_SPECIALS).test(channel);
}

/**
 * Tells whether a subscription and a published channel meet: equal names, or either one a
 * pattern the other matches.
 *
 * @param subscription - the channel a connection subscribed to
 * @param published - the channel a message is published on
 * @param syntax - the wildcard syntax
 * @returns `true` when the subscriber gets the message
 * @example
 * ```ts
 * channelsMeet('news*', 'news.sport', 'star'); // true
 * channelsMeet('news.sport', 'news*', 'star'); // true
 * channelsMeet('news[12]', 'news3', 'mask');   // false
 * ```
 */
export function channelsMeet(subscription: string, published: string, syntax: ChannelWildcards): boolean {
  if (subscription === published) return true;
  return (
    (hasWildcards(subscription, syntax) && patternMatches(subscription, published, syntax)) ||
    (hasWildcards(published, syntax) && patternMatches(published, subscription, syntax))
  );
}

/**
 * Matches a whole name against a pattern, by backtracking over the last `*` only (the
 * classic linear-time glob walk), so a hostile pattern such as `*a*a*a*b` cannot take
 * exponential time.
 */
function patternMatches(pattern: string, name: string, syntax: ChannelWildcards): boolean {
  let p = 0;
  let n = 0;
  let starP = -1;
  let starN = 0;
  while (n < name.length) {
    const step = p < pattern.length ? matchOne(pattern, p, name[n]!, syntax) : 0;
    if (pattern[p] === '*') {
      starP = p++;
      starN = n;
    } else if (step > 0) {
      p += step;
      n++;
    } else if (starP >= 0) {
      p = starP + 1;
      n = ++starN;
    } else {
      return false;
    }
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}

/** How many pattern characters one name character consumes at `p` (0 when it does not match). */
function matchOne(pattern: string, p: number, char: string, syntax: ChannelWildcards): number {
  const token = pattern[p]!;
  if (token === '*') return 0;
  if (syntax === 'mask' && token === '?') return 1;
  if (syntax === 'mask' && token === '[') {
    const set = readSet(pattern, p);
    if (set !== undefined) return set.includes(char) ? set.length : 0;
  }
  return token === char ? 1 : 0;
}

/** A `[...]` set at `p`: its length in the pattern and whether it holds a character. */
interface CharacterSet {
  readonly length: number;
  includes(char: string): boolean;
}

/** Reads the set at `p`; an unclosed `[` is a literal character. */
function readSet(pattern: string, p: number): CharacterSet | undefined {
  const close = pattern.indexOf(']', p + 2);
  if (close < 0) return undefined;
  const negated = pattern[p + 1] === '!';
  const body = pattern.slice(negated ? p + 2 : p + 1, close);
  const length = close - p + 1;
  return {
    length,
    includes(char: string): boolean {
      let found = false;
      for (let i = 0; i < body.length && !found; i++) {
        if (body[i + 1] === '-' && i + 2 < body.length) {
          found = char >= body[i]! && char <= body[i + 2]!;
          i += 2;
        } else {
          found = char === body[i];
        }
      }
      return found !== negated;
    },
  };
}
