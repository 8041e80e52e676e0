import { Size } from 'cdk8s';
import { formatBytes, isWholeBytes, parseQuantity, sizeToBytes, sizeToQuantity } from '../../src/rules/quantity';

describe('quantities', () => {
  test.each([
    ['100Ki', 102400],
    ['1Gi', 2 ** 30],
    ['1.5Gi', 1.5 * 2 ** 30],
    ['1G', 1e9],
    ['128M', 128e6],
    ['500m', 0.5],
    ['1e3', 1000],
    ['2', 2],
    [' 3Mi ', 3 * 2 ** 20],
  ])('%s is %d', (quantity, value) => {
    expect(parseQuantity(quantity)).toBe(value);
  });

  test.each(['', 'Gi', '1GB', '1 Gi', 'abc'])('%j is not a quantity', quantity => {
    expect(parseQuantity(quantity)).toBeUndefined();
  });

  test('a whole size keeps the unit it was written in', () => {
    expect(sizeToQuantity(Size.kibibytes(100))).toBe('100Ki');
    expect(sizeToQuantity(Size.mebibytes(1024))).toBe('1024Mi');
    expect(sizeToQuantity(Size.gibibytes(3))).toBe('3Gi');
  });

  test('a fractional size becomes the largest exact binary unit, or bytes', () => {
    expect(sizeToQuantity(Size.mebibytes(0.5))).toBe('512Ki');
    expect(sizeToQuantity(Size.gibibytes(1.5))).toBe('1536Mi');
    expect(sizeToQuantity(Size.kibibytes(0.5))).toBe('512');
  });

  test('whole bytes', () => {
    expect(sizeToBytes(Size.kibibytes(100))).toBe(102400);
    expect(isWholeBytes(Size.kibibytes(0.5))).toBe(true);
    expect(isWholeBytes(Size.kibibytes(0.1))).toBe(false);
  });

  test('bytes for humans', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(102400)).toBe('100 KiB');
    expect(formatBytes(1.1 * 2 ** 30)).toBe('1.10 GiB');
  });
});
