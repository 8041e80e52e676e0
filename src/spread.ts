/**
 * `{ ...sources[0], ...sources[1], … }` for objects the constructs make once per construct.
 *
 * V8 (Node 20) gives an object made by spreading into a literal with further keys, such as
 * `{ ...props, serverConfig }`, or extended after a spread, a hidden class of its own: 10,000
 * servers then mean 10,000 hidden classes, which cost memory and make every later walk over those
 * objects (resolving them at synthesis, for one) slow. `Object.assign` onto a fresh object shares
 * hidden classes. The result is the spread's: the same own enumerable keys, in the same order, with
 * the same values; a source with an own `__proto__` key, which `Object.assign` would turn into
 * the result's prototype, is spread as written.
 */
export function spread<T extends object = { [key: string]: any }>(...sources: Array<object | undefined>): T {
  for (const source of sources) {
    if (source !== undefined && source !== null && Object.prototype.hasOwnProperty.call(source, '__proto__')) {
      return sources.reduce<object>((result, s) => ({ ...result, ...s }), {}) as T;
    }
  }
  return Object.assign({}, ...sources) as T;
}
