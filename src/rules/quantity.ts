import { Size, SizeRoundingBehavior } from 'cdk8s';

/**
 * Kubernetes resource quantities, as far as Seldon's memory accounting needs them.
 */

const BINARY_SUFFIXES: ReadonlyArray<[string, number]> = [
  ['Ki', 2 ** 10], ['Mi', 2 ** 20], ['Gi', 2 ** 30], ['Ti', 2 ** 40], ['Pi', 2 ** 50], ['Ei', 2 ** 60],
];
const DECIMAL_SUFFIXES: ReadonlyArray<[string, number]> = [
  ['m', 1e-3], ['', 1], ['k', 1e3], ['M', 1e6], ['G', 1e9], ['T', 1e12], ['P', 1e15], ['E', 1e18],
];
/** Every suffix's multiplier (suffixes are unique). */
const MULTIPLIERS: ReadonlyMap<string, number> = new Map([...BINARY_SUFFIXES, ...DECIMAL_SUFFIXES]);
const QUANTITY = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(?:(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E)|[eE]([+-]?\d+))?$/;

/**
 * The value of a Kubernetes quantity (`100Ki`, `1.5Gi`, `500m`, `1e3`), or `undefined` when the
 * string is not a quantity.
 */
export function parseQuantity(quantity: string): number | undefined {
  const match = QUANTITY.exec(quantity.trim());
  if (!match) {
    return undefined;
  }
  const [, number, suffix, exponent] = match;
  const base = Number(number);
  if (exponent !== undefined) {
    return base * 10 ** Number(exponent);
  }
  return base * MULTIPLIERS.get(suffix ?? '')!;
}

/** The number of bytes in a `Size` (possibly fractional: `Size.kibibytes(0.1)`). */
export function sizeToBytes(size: Size): number {
  return size.toKibibytes({ rounding: SizeRoundingBehavior.NONE }) * 1024;
}

/**
 * Renders a `Size` as a quantity string. A whole amount keeps the unit the user chose
 * (`Size.mebibytes(1024)` stays `1024Mi`); a fractional one becomes the largest binary unit
 * that holds it exactly, or plain bytes. Callers must first make sure the size is a whole
 * number of bytes.
 */
export function sizeToQuantity(size: Size): string {
  const asWritten = size.asString();
  if (/^\d+[KMGTP]i$/.test(asWritten)) {
    return asWritten;
  }
  const bytes = sizeToBytes(size);
  for (const [suffix, factor] of [...BINARY_SUFFIXES].reverse()) {
    if (bytes >= factor && Number.isInteger(bytes / factor)) {
      return `${bytes / factor}${suffix}`;
    }
  }
  return `${bytes}`;
}

/** Whether a size is a whole number of bytes, which is what Seldon's memory accounting needs. */
export function isWholeBytes(size: Size): boolean {
  return Number.isInteger(sizeToBytes(size));
}

/** Renders a byte count for humans: `1.1 GiB`, `100 KiB`, `512 B`. */
export function formatBytes(bytes: number): string {
  for (const [suffix, factor] of [...BINARY_SUFFIXES].reverse()) {
    if (bytes >= factor) {
      const value = bytes / factor;
      return `${Number.isInteger(value) ? value : value.toFixed(2)} ${suffix}B`;
    }
  }
  return `${bytes} B`;
}

/**
 * A quantity as a `Size`: `1Gi` becomes `Size.gibibytes(1)`; any other whole number of bytes
 * becomes kibibytes. `undefined` when the string is not a quantity or not a whole number of bytes.
 */
export function quantityToSize(quantity: string): Size | undefined {
  const binary = /^(\d+)(Ki|Mi|Gi|Ti|Pi)$/.exec(quantity.trim());
  if (binary) {
    const amount = Number(binary[1]);
    switch (binary[2]) {
      case 'Ki': return Size.kibibytes(amount);
      case 'Mi': return Size.mebibytes(amount);
      case 'Gi': return Size.gibibytes(amount);
      case 'Ti': return Size.tebibytes(amount);
      default: return Size.pebibyte(amount);
    }
  }
  const bytes = parseQuantity(quantity);
  return bytes === undefined || !Number.isInteger(bytes) ? undefined : Size.kibibytes(bytes / 1024);
}

/** A resource whose request is above its limit. */
export interface RequestAboveLimit {
  readonly resource: string;
  readonly request: string | number;
  readonly limit: string | number;
}

/**
 * The resources of one container whose request exceeds their limit (Kubernetes rejects such a pod),
 * in resource-name order.
 */
export function requestsAboveLimits(
  requests: { readonly [resource: string]: string | number },
  limits: { readonly [resource: string]: string | number },
): RequestAboveLimit[] {
  const found: RequestAboveLimit[] = [];
  for (const resource of Object.keys(requests).sort()) {
    const request = parseQuantity(String(requests[resource]));
    const limit = limits[resource] === undefined ? undefined : parseQuantity(String(limits[resource]));
    if (request !== undefined && limit !== undefined && request > limit) {
      found.push({ resource, request: requests[resource], limit: limits[resource] });
    }
  }
  return found;
}

/**
 * The memory one server replica accepts models up to, in whole bytes: the server container's
 * memory request plus the agent's overcommit percentage.
 */
export function replicaCapacityBytes(memoryRequestBytes: number, overcommitPercentage: number): number {
  return Math.floor(memoryRequestBytes * (1 + overcommitPercentage / 100));
}
