import { isScalingProblem, resolveScaling, ScalingInput } from '../../src/rules/scaling';

function resolved(input: ScalingInput) {
  const result = resolveScaling(input);
  if (isScalingProblem(result)) {
    throw new Error(`unexpected problem: ${result.field} ${result.message}`);
  }
  return result;
}

function problem(input: ScalingInput) {
  const result = resolveScaling(input);
  if (!isScalingProblem(result)) {
    throw new Error(`expected a problem, got ${JSON.stringify(result)}`);
  }
  return result;
}

describe('resolveScaling agrees with Seldon', () => {
  test('nothing set: one replica, no bounds', () => {
    expect(resolved({})).toEqual({ replicas: 1, minReplicas: 0, maxReplicas: undefined });
  });

  test('replicas are taken as given', () => {
    expect(resolved({ replicas: 3 })).toEqual({ replicas: 3, minReplicas: 0, maxReplicas: undefined });
  });

  test('replicas default to minReplicas', () => {
    expect(resolved({ minReplicas: 2 })).toEqual({ replicas: 2, minReplicas: 2, maxReplicas: undefined });
    expect(resolved({ minReplicas: 2, maxReplicas: 4 })).toEqual({ replicas: 2, minReplicas: 2, maxReplicas: 4 });
  });

  test('zero replicas need minReplicas 0 written too', () => {
    expect(resolved({ replicas: 0, minReplicas: 0 })).toEqual({ replicas: 0, minReplicas: 0, maxReplicas: undefined });
    expect(problem({ replicas: 0 })).toEqual({ field: 'replicas', message: expect.stringMatching(/Seldon then runs 1 replica. Set minReplicas to 0/) });
  });

  test('maxReplicas 0 means unbounded', () => {
    expect(resolved({ replicas: 5, maxReplicas: 0 })).toEqual({ replicas: 5, minReplicas: 0, maxReplicas: undefined });
  });

  test('replicas below minReplicas are refused', () => {
    expect(problem({ replicas: 1, minReplicas: 2 })).toEqual({ field: 'replicas', message: expect.stringMatching(/is 1, below minReplicas 2/) });
    expect(problem({ replicas: 0, minReplicas: 2 })).toEqual({ field: 'replicas', message: expect.stringMatching(/is 0, below minReplicas 2/) });
  });

  test('minReplicas above maxReplicas is refused', () => {
    expect(problem({ minReplicas: 3, maxReplicas: 2 })).toEqual({ field: 'minReplicas', message: expect.stringMatching(/is 3, above maxReplicas 2/) });
  });

  test('replicas above maxReplicas are refused, including the default of 1... never, since max >= 1', () => {
    expect(problem({ replicas: 3, maxReplicas: 2 })).toEqual({ field: 'replicas', message: expect.stringMatching(/is 3, above maxReplicas 2/) });
    expect(resolved({ maxReplicas: 1 })).toEqual({ replicas: 1, minReplicas: 0, maxReplicas: 1 });
  });

  test.each([
    [{ replicas: -1 }, 'replicas'],
    [{ minReplicas: 1.5 }, 'minReplicas'],
    [{ maxReplicas: 2 ** 31 }, 'maxReplicas'],
    [{ replicas: NaN }, 'replicas'],
  ])('%j is not a replica count', (input, field) => {
    expect(problem(input as ScalingInput)).toEqual({ field, message: expect.stringMatching(/must be a whole number from 0 to 2147483647/) });
  });
});
