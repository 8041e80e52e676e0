import * as fc from 'fast-check';
import { checkServer, Exclusion, Fit, isFit, ModelFacts, PlacementIndex, ServerFacts } from '../../src/rules/placement';

const SKLEARN_SERVER: ServerFacts = { name: 'server', capabilities: ['sklearn'], replicas: 1, minReplicas: 0 };

function server(overrides: Partial<ServerFacts> = {}): ServerFacts {
  return { ...SKLEARN_SERVER, ...overrides };
}

function model(overrides: Partial<ModelFacts> = {}): ModelFacts {
  return { name: 'model', requirements: [], explainer: false, replicas: 1, minReplicas: 0, ...overrides };
}

function exclusion(result: Fit | Exclusion): Exclusion {
  if (isFit(result)) {
    throw new Error(`expected an exclusion, got a fit on ${result.server.name}`);
  }
  return result;
}

function fit(result: Fit | Exclusion): Fit {
  if (!isFit(result)) {
    throw new Error(`expected a fit, got: ${result.detail}`);
  }
  return result;
}

describe('requirements, as in the cases of Seldon\'s ServerRequirementFilter tests', () => {
  test.each([
    ['Match', ['sklearn'], ['sklearn'], true],
    ['Mismatch', ['sklearn'], ['xgboost'], false],
    ['PartialMatch', ['sklearn', 'xgboost'], ['xgboost'], false],
    ['MultiMatch', ['sklearn', 'xgboost'], ['xgboost', 'sklearn', 'tensorflow'], true],
    ['Duplicates', ['sklearn', 'xgboost', 'sklearn'], ['xgboost', 'sklearn', 'tensorflow'], true],
    ['NoRequirements', [], ['xgboost'], true],
  ])('%s', (_name, requirements, capabilities, expected) => {
    const result = checkServer(model({ requirements }), server({ capabilities }));
    expect(isFit(result)).toBe(expected);
  });

  test('a server with no replicas hosts nothing (NoReplicas)', () => {
    const result = exclusion(checkServer(model({ requirements: ['sklearn'] }), server({ replicas: 0 })));
    expect(result.rule).toBe('stopped');
    expect(result.detail).toBe('server has 0 replicas; Seldon places nothing on a server scaled to zero');
  });

  test('requirements are trimmed before matching', () => {
    expect(isFit(checkServer(model({ requirements: ['  sklearn '] }), server()))).toBe(true);
  });

  test('matching is exact: case, prefixes and versions do not match', () => {
    for (const requirement of ['SKLearn', 'sk', 'sklearn-1.0']) {
      expect(exclusion(checkServer(model({ requirements: [requirement] }), server())).rule).toBe('requirement');
    }
  });

  test('the message names the requirement, the server and what it advertises, with a suggestion for a typo', () => {
    const result = exclusion(checkServer(model({ requirements: ['sklearn', 'foobar'] }), server({ name: 'mlserver', capabilities: ['sklearn', 'xgboost'] })));
    expect(result.reason).toBe('requirement "foobar" not advertised');
    expect(result.detail).toBe('requirement "foobar" not advertised by mlserver (advertises: sklearn, xgboost).');
    const typo = exclusion(checkServer(model({ requirements: ['xgbost'] }), server({ name: 'mlserver', capabilities: ['sklearn', 'xgboost'] })));
    expect(typo.detail).toBe('requirement "xgbost" not advertised by mlserver (advertises: sklearn, xgboost). Did you mean "xgboost"?');
  });

  test('a server advertising nothing says so', () => {
    expect(exclusion(checkServer(model({ requirements: ['sklearn'] }), server({ capabilities: [] }))).detail)
      .toBe('requirement "sklearn" not advertised by server (advertises nothing).');
  });

  test('modelType is one more requirement', () => {
    expect(isFit(checkServer(model({ modelType: 'sklearn' }), server()))).toBe(true);
    const result = exclusion(checkServer(model({ requirements: ['sklearn'], modelType: 'onnx' }), server()));
    expect(result.reason).toBe('modelType "onnx" not advertised');
  });
});

describe('pin', () => {
  test('a pinned model only fits the server of that name', () => {
    expect(isFit(checkServer(model({ server: 'server' }), server()))).toBe(true);
    const result = exclusion(checkServer(model({ server: 'other' }), server()));
    expect(result.rule).toBe('pin');
    expect(result.detail).toBe('the model is pinned to server "other"');
  });

  test('the pin is checked before anything else', () => {
    expect(exclusion(checkServer(model({ server: 'other', requirements: ['onnx'] }), server({ replicas: 0 }))).rule).toBe('pin');
  });

  test('a pinned model still needs what it requires', () => {
    expect(exclusion(checkServer(model({ server: 'server', requirements: ['onnx'] }), server())).rule).toBe('requirement');
  });
});

describe('explainers', () => {
  test('need alibi-explain, whatever their requirements', () => {
    expect(isFit(checkServer(model({ explainer: true }), server({ capabilities: ['alibi-explain'] })))).toBe(true);
    const result = exclusion(checkServer(model({ explainer: true }), server({ name: 'triton', capabilities: ['triton', 'python'] })));
    expect(result.rule).toBe('explainer');
    expect(result.detail).toBe('the model is an explainer, which needs capability "alibi-explain", not advertised by triton (advertises: triton, python).');
  });

  test('other models do not', () => {
    expect(isFit(checkServer(model(), server({ capabilities: [] })))).toBe(true);
  });
});

describe('memory', () => {
  const capacity = server({ memoryCapacityBytes: 1000 });

  test.each([
    ['less than a replica holds', 999, true],
    ['exactly what a replica holds', 1000, true],
    ['no memory given', undefined, true],
    ['more than a replica holds', 1001, false],
  ])('%s', (_name, memoryBytes, expected) => {
    expect(isFit(checkServer(model({ memoryBytes }), capacity))).toBe(expected);
  });

  test('is not checked when the capacity is unknown', () => {
    expect(isFit(checkServer(model({ memoryBytes: 2 ** 40 }), server()))).toBe(true);
  });

  test('the message gives both sizes', () => {
    const result = exclusion(checkServer(model({ memoryBytes: 3 * 2 ** 30 }), server({ name: 'mlserver', memoryCapacityBytes: 1181116006 })));
    expect(result.rule).toBe('memory');
    expect(result.detail).toBe('the model needs 3 GiB of memory; one replica of mlserver holds 1.10 GiB (its memory request plus overcommit). '
      + 'Lower `memory` or raise the server\'s memory request.');
  });
});

describe('replicas', () => {
  test('fit when the server has at least as many replicas', () => {
    const two = server({ replicas: 2 });
    expect(fit(checkServer(model({ replicas: 2 }), two))).toEqual({ server: two, replicas: 2, partial: false, scaleUp: false });
  });

  test('do not fit on fewer server replicas (one model replica per server replica)', () => {
    const result = exclusion(checkServer(model({ replicas: 3 }), server({ replicas: 2 })));
    expect(result.rule).toBe('replicas');
    expect(result.detail).toBe('the model needs 3 replicas; server runs 2, and Seldon puts at most one replica of a model on each server replica. '
      + 'Lower `replicas`, set `minReplicas` to allow partial placement, or give the server more replicas.');
  });

  test('fit up to maxReplicas of a server with native autoscaling (min and max set)', () => {
    const autoscaling = server({ replicas: 1, minReplicas: 1, maxReplicas: 4 });
    expect(fit(checkServer(model({ replicas: 4 }), autoscaling))).toMatchObject({ replicas: 4, scaleUp: true, partial: false });
    const beyond = exclusion(checkServer(model({ replicas: 5 }), autoscaling));
    expect(beyond.reason).toBe('needs 5 replicas; the server runs 1 and autoscales to at most 4');
  });

  test('maxReplicas alone is not autoscaling', () => {
    expect(exclusion(checkServer(model({ replicas: 2 }), server({ replicas: 1, maxReplicas: 4 }))).rule).toBe('replicas');
  });

  test('minReplicas allows partial placement when that many server replicas exist', () => {
    expect(fit(checkServer(model({ replicas: 3, minReplicas: 2 }), server({ replicas: 2 })))).toMatchObject({ replicas: 2, partial: true });
    const result = exclusion(checkServer(model({ replicas: 3, minReplicas: 3 }), server({ replicas: 2 })));
    expect(result.reason).toBe('needs 3 replicas (minReplicas 3); the server runs 2');
  });

  test('are checked after memory', () => {
    expect(exclusion(checkServer(model({ replicas: 3, memoryBytes: 2 }), server({ memoryCapacityBytes: 1 }))).rule).toBe('memory');
  });
});

describe('PlacementIndex', () => {
  const servers: ServerFacts[] = [
    server({ name: 'mlserver', namespace: 'a', capabilities: ['mlserver', 'sklearn', 'python', 'alibi-explain'] }),
    server({ name: 'triton', namespace: 'a', capabilities: ['triton', 'tensorflow', 'python'] }),
    server({ name: 'mlserver', namespace: 'b', capabilities: ['mlserver', 'sklearn'] }),
    server({ name: 'loose', capabilities: ['sklearn'] }),
  ];
  const index = new PlacementIndex(servers);

  test('only servers of the model\'s namespace are candidates', () => {
    expect(index.fits(model({ namespace: 'a', requirements: ['sklearn'] })).map(f => `${f.server.namespace}/${f.server.name}`)).toEqual(['a/mlserver']);
    expect(index.fits(model({ namespace: 'b', requirements: ['sklearn'] })).map(f => `${f.server.namespace}/${f.server.name}`)).toEqual(['b/mlserver']);
    expect(index.fits(model({ requirements: ['sklearn'] })).map(f => f.server.name)).toEqual(['loose']);
    expect(index.fits(model({ namespace: 'c' }))).toEqual([]);
  });

  test('a bounded search stops once enough servers fit, one of them fully', () => {
    const many = new PlacementIndex([
      server({ name: 'a', replicas: 1 }), server({ name: 'b', replicas: 1 }), server({ name: 'c', replicas: 3 }), server({ name: 'd', replicas: 3 }),
    ]);
    const partialFirst = model({ replicas: 3, minReplicas: 1 });
    expect(many.fits(partialFirst, 2).map(f => [f.server.name, f.partial])).toEqual([['a', true], ['b', true], ['c', false]]);
    expect(many.fits(model(), 2).map(f => f.server.name)).toEqual(['a', 'b']);
    expect(many.fits(model()).map(f => f.server.name)).toEqual(['a', 'b', 'c', 'd']);
  });

  test('candidates come sorted by name', () => {
    expect(index.fits(model({ namespace: 'a', requirements: ['python'] })).map(f => f.server.name)).toEqual(['mlserver', 'triton']);
  });

  test('explain gives every server of the namespace, fitting or not', () => {
    const { fits, exclusions } = index.explain(model({ namespace: 'a', explainer: true }));
    expect(fits.map(f => f.server.name)).toEqual(['mlserver']);
    expect(exclusions.map(e => [e.server.name, e.exclusion.rule])).toEqual([['triton', 'explainer']]);
  });

  test('namespaces are listed with the unset one as undefined', () => {
    expect(index.namespacesWithServers()).toEqual([undefined, 'a', 'b']);
    expect(index.serversIn('a').map(s => s.name)).toEqual(['mlserver', 'triton']);
  });

  test('the indexed search finds exactly the servers a full scan finds', () => {
    const capability = fc.constantFrom('sklearn', 'xgboost', 'python', 'alibi-explain', 'tensorflow', ' python');
    const serverArb = fc.record({
      name: fc.constantFrom('s1', 's2', 's3', 's4', 's5'),
      namespace: fc.constantFrom(undefined, 'a', 'b'),
      capabilities: fc.uniqueArray(capability.map(c => c.trim()), { maxLength: 5 }),
      replicas: fc.integer({ min: 0, max: 3 }),
      minReplicas: fc.integer({ min: 0, max: 2 }),
      maxReplicas: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
      memoryCapacityBytes: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
    });
    const modelArb = fc.record({
      name: fc.constant('m'),
      namespace: fc.constantFrom(undefined, 'a', 'b'),
      requirements: fc.array(capability, { maxLength: 3 }),
      modelType: fc.option(capability, { nil: undefined }),
      explainer: fc.boolean(),
      server: fc.option(fc.constantFrom('s1', 's2', 'missing'), { nil: undefined }),
      replicas: fc.integer({ min: 0, max: 4 }),
      minReplicas: fc.integer({ min: 0, max: 2 }),
      memoryBytes: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
    });
    fc.assert(fc.property(fc.uniqueArray(serverArb, { selector: s => `${s.namespace}/${s.name}`, maxLength: 8 }), modelArb, (all, m) => {
      const indexed = new PlacementIndex(all).fits(m).map(f => f.server.name);
      const scanned = all
        .filter(s => s.namespace === m.namespace && isFit(checkServer(m, s)))
        .map(s => s.name)
        .sort();
      expect(indexed).toEqual(scanned);
      expect(new PlacementIndex(all).explain(m).fits.map(f => f.server.name)).toEqual(scanned);
      // a bounded search returns a prefix: everything, or enough servers with a full fit among them
      const bounded = new PlacementIndex(all).fits(m, 2);
      expect(scanned.slice(0, bounded.length)).toEqual(bounded.map(f => f.server.name));
      expect(bounded.length === scanned.length || (bounded.length >= 2 && bounded.some(f => !f.partial))).toBe(true);
    }));
  });
});
