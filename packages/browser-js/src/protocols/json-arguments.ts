/**
 * How `sgcws` reads the strings pages give it. Pages build messages and RPC parameters from
 * text fields, so a string may stand for JSON; eSeGeCe's `esegece.com.js` sends such strings
 * as the JSON they hold, and so does `sgcws`, so that servers see the same values.
 *
 * @module
 */

/**
 * A message as it goes on the wire: a string holding a JSON object or array as that object
 * or array, anything else (other strings included) as it is.
 *
 * @param message - what the page gave
 * @returns the value to send
 * @example
 * ```ts
 * messageValue('{"price":10}'); // { price: 10 }
 * messageValue('42');           // '42'
 * ```
 */
export function messageValue(message: unknown): unknown {
  if (typeof message !== 'string' || !/^\s*[[{]/.test(message)) return message;
  return parsedOrAsIs(message);
}

/**
 * RPC parameters as they go on the wire: a string of valid JSON as its value, any other
 * string as the string, anything else as it is.
 *
 * @param params - what the page gave
 * @returns the value to send
 * @example
 * ```ts
 * paramsValue('[1, 2]'); // [1, 2]
 * paramsValue('hello');  // 'hello'
 * ```
 */
export function paramsValue(params: unknown): unknown {
  return typeof params === 'string' ? parsedOrAsIs(params) : params;
}

function parsedOrAsIs(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
