import { spread } from '../src/spread';

/** Own keys with their descriptors, in order: what tells two objects apart. */
function shape(value: object): Array<[string | symbol, PropertyDescriptor | undefined]> {
  return Reflect.ownKeys(value).map(key => [key, Object.getOwnPropertyDescriptor(value, key)]);
}

describe('spread() gives what the spread operator gives', () => {
  const tag = Symbol('tag');
  test.each<[string, Array<object | undefined>]>([
    ['no sources', []],
    ['undefined sources', [undefined, undefined]],
    ['one source', [{ a: 1, b: { c: 2 } }]],
    ['later keys win and keep the first position', [{ a: 1, b: 2 }, { c: 3, a: 4 }]],
    ['undefined values are kept', [{ a: undefined }, { b: undefined }]],
    ['integer-like keys come first, as in any object', [{ b: 1, 2: 'two', a: 3 }, { 1: 'one' }]],
    ['symbol keys', [{ [tag]: 'x', a: 1 }]],
    ['an own __proto__ key stays a plain key', [JSON.parse('{"a": 1, "__proto__": {"polluted": true}}'), { b: 2 }]],
  ])('%s', (_name, sources) => {
    const expected = sources.reduce<object>((result, source) => ({ ...result, ...source }), {});
    const actual = spread(...sources);
    expect(shape(actual)).toEqual(shape(expected));
    expect(Object.getPrototypeOf(actual)).toBe(Object.prototype);
    expect((actual as any).polluted).toBeUndefined();
  });

  test('non-enumerable keys are left out and getters are read once', () => {
    let reads = 0;
    const source = Object.defineProperties({}, {
      hidden: { value: 1, enumerable: false },
      computed: { get: () => ++reads, enumerable: true },
    });
    expect(spread(source, { a: 1 })).toEqual({ computed: 1, a: 1 });
    expect(reads).toBe(1);
  });

  test('the sources are not changed', () => {
    const first = { a: 1 };
    spread(first, { a: 2, b: 3 });
    expect(first).toEqual({ a: 1 });
  });
});
