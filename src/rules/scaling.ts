/**
 * Seldon's scaling-spec rules for Servers and Models (the operator's `GetValidatedScalingSpec`),
 * plus the stricter input checks of this library: Seldon silently replaces a negative or
 * fractional number, so we refuse them.
 */

/** Replica settings as a user writes them. */
export interface ScalingInput {
  readonly replicas?: number;
  readonly minReplicas?: number;
  readonly maxReplicas?: number;
}

/** Replica settings as Seldon resolves them. `maxReplicas` is undefined when unbounded. */
export interface ResolvedScaling {
  readonly replicas: number;
  readonly minReplicas: number;
  readonly maxReplicas?: number;
}

const INT32_MAX = 2 ** 31 - 1;

/**
 * What is wrong with a count the CRDs type as int32 and Seldon reads as unsigned (replicas,
 * artifact versions), or `undefined` when it is a whole number from 0 to 2^31 - 1.
 */
export function wholeInt32Problem(value: unknown): string | undefined {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > INT32_MAX) {
    return `must be a whole number from 0 to ${INT32_MAX}, got ${JSON.stringify(value)}`;
  }
  return undefined;
}

/** A problem with one replica field: which field and what is wrong. */
export interface ScalingProblem {
  readonly field: 'replicas' | 'minReplicas' | 'maxReplicas';
  readonly message: string;
}

/**
 * Resolves replica settings exactly as Seldon does, or returns the problem Seldon (or this
 * library) would report.
 */
export function resolveScaling(input: ScalingInput): ResolvedScaling | ScalingProblem {
  for (const field of ['replicas', 'minReplicas', 'maxReplicas'] as const) {
    const value = input[field];
    if (value === undefined) {
      continue;
    }
    const problem = wholeInt32Problem(value);
    if (problem !== undefined) {
      return { field, message: problem };
    }
  }
  const { replicas, minReplicas, maxReplicas } = input;
  if (replicas === 0 && minReplicas === undefined) {
    // Seldon honours `replicas: 0` only when `minReplicas: 0` is written too; otherwise it runs one replica.
    return {
      field: 'replicas',
      message: 'is 0 but minReplicas is unset: Seldon then runs 1 replica. Set minReplicas to 0 as well to scale to zero',
    };
  }

  let resolved = replicas ?? 1;
  if (replicas === undefined && minReplicas !== undefined && minReplicas > 0) {
    resolved = minReplicas;
  }
  const min = minReplicas ?? 0;
  if (min > 0 && resolved < min) {
    return { field: 'replicas', message: `is ${resolved}, below minReplicas ${min}; Seldon requires replicas >= minReplicas` };
  }
  const max = maxReplicas !== undefined && maxReplicas > 0 ? maxReplicas : undefined;
  if (max !== undefined) {
    if (min > max) {
      return { field: 'minReplicas', message: `is ${min}, above maxReplicas ${max}; Seldon requires minReplicas <= maxReplicas` };
    }
    if (resolved > max) {
      return { field: 'replicas', message: `is ${resolved}, above maxReplicas ${max}; Seldon requires replicas <= maxReplicas` };
    }
  }
  return { replicas: resolved, minReplicas: min, maxReplicas: max };
}

/** Narrows the result of `resolveScaling`. */
export function isScalingProblem(result: ResolvedScaling | ScalingProblem): result is ScalingProblem {
  return (result as ScalingProblem).message !== undefined;
}
