import { App, Chart, Size, Testing } from 'cdk8s';
import { Secret } from 'cdk8s-plus-27';
import * as fc from 'fast-check';
import { capability, dnsLabel, junk, params, refusal, RUNS } from './arbitraries';
import { MlServer, Model, ModelOptions, Placement, Server, StorageUri, TritonServer } from '../../src';
import { expectConformant } from '../util/synth';

/** A server of the generated app, and what a model must say to fit it. */
interface ServerPlan {
  readonly name: string;
  readonly triton: boolean;
  readonly replicas: number;
  readonly tag: string;
}

/** A model of the generated app: fits the server it was generated for. */
interface ModelPlan {
  readonly name: string;
  readonly target: number;
  readonly pin: boolean;
  readonly options: ModelOptions;
  readonly path: string;
  readonly withSecret: boolean;
}

const serverPlan = fc.record({
  triton: fc.boolean(),
  replicas: fc.integer({ min: 1, max: 4 }),
});

const modelOptions = fc.record({
  memoryKi: fc.option(fc.integer({ min: 1, max: 1024 * 1024 }), { nil: undefined }),
  replicas: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
  artifactVersion: fc.option(fc.integer({ min: 1, max: 20 }), { nil: undefined }),
  parameters: fc.option(fc.dictionary(dnsLabel(10), fc.string({ maxLength: 15 }), { minKeys: 1, maxKeys: 3 }), { nil: undefined }),
  logger: fc.option(fc.boolean(), { nil: undefined }),
  labels: fc.option(fc.dictionary(dnsLabel(10), dnsLabel(10), { minKeys: 1, maxKeys: 2 }), { nil: undefined }),
});

const modelPlan = fc.record({
  target: fc.nat(),
  pin: fc.boolean(),
  options: modelOptions,
  path: fc.stringMatching(/^[a-z0-9]{1,8}(\/[a-z0-9-]{1,8}){0,2}$/),
  withSecret: fc.boolean(),
});

/**
 * Servers with unique names and tags, and models that each fit the server they are generated
 * for (its tag and framework, no more replicas than it has).
 */
const plan = fc.record({
  servers: fc.uniqueArray(fc.tuple(dnsLabel(30), serverPlan), { minLength: 1, maxLength: 4, selector: ([name]) => name }),
  models: fc.uniqueArray(fc.tuple(dnsLabel(30), modelPlan), { minLength: 1, maxLength: 6, selector: ([name]) => name }),
}).map(({ servers, models }) => {
  const plans: ServerPlan[] = servers.map(([name, s], i) => ({ ...s, name, tag: `tag-${i}` }));
  return {
    servers: plans,
    models: models.map(([name, m]): ModelPlan => {
      const target = m.target % plans.length;
      const replicas = m.options.replicas === undefined ? undefined : Math.min(m.options.replicas, plans[target].replicas);
      return { ...m, name, target, options: { ...m.options, replicas } as ModelOptions };
    }),
  };
});

function build(input: { servers: ServerPlan[]; models: ModelPlan[] }) {
  const app = Testing.app();
  Placement.of(app).printWarnings = false;
  const chart = new Chart(app, 'c', { namespace: 'models' });
  const servers: Server[] = input.servers.map(s => s.triton
    ? new TritonServer(chart, s.name, { replicas: s.replicas, extraCapabilities: [s.tag] })
    : new MlServer(chart, s.name, { replicas: s.replicas, extraCapabilities: [s.tag] }));
  const models = input.models.map(m => {
    const o = m.options as any;
    const props = {
      storageUri: m.withSecret ? `minio:models/${m.path}` : StorageUri.gcs('seldon-models', m.path),
      secret: m.withSecret ? Secret.fromSecretName(chart, `${m.name}-secret`, `${m.name}-rclone`) : undefined,
      requirements: [input.servers[m.target].tag, input.servers[m.target].triton ? 'tensorflow' : 'sklearn'],
      memory: o.memoryKi === undefined ? undefined : Size.kibibytes(o.memoryKi),
      replicas: o.replicas,
      artifactVersion: o.artifactVersion,
      parameters: o.parameters,
      logger: o.logger,
      metadata: o.labels ? { labels: o.labels } : undefined,
    };
    return m.pin ? servers[m.target].addModel(m.name, props) : new Model(chart, m.name, props);
  });
  return { app, chart, servers, models };
}

describe('valid models, generated', () => {
  test('place where generated, pass the CRDs, keep every prop, and synthesize byte-identically', () => {
    fc.assert(fc.property(plan, input => {
      const { app, chart } = build(input);
      const manifests = chart.toJson();
      expectConformant(manifests);
      expect(Placement.of(app).errors).toEqual([]);
      expect(build(input).app.synthYaml()).toEqual(app.synthYaml());

      for (const m of input.models) {
        const manifest = manifests.find(x => x.kind === 'Model' && x.metadata.name === m.name);
        const o = m.options as any;
        const target = input.servers[m.target];
        expect(manifest.metadata.namespace).toBe('models');
        expect(manifest.metadata.labels).toEqual(o.labels);
        expect(manifest.spec.requirements).toEqual([target.tag, target.triton ? 'tensorflow' : 'sklearn']);
        expect(manifest.spec.server).toBe(m.pin ? target.name : undefined);
        expect(manifest.spec.memory).toBe(o.memoryKi === undefined ? undefined : `${o.memoryKi}Ki`);
        expect(manifest.spec.replicas).toBe(o.replicas);
        expect(manifest.spec.artifactVersion).toBe(o.artifactVersion);
        expect(manifest.spec.secretName).toBe(m.withSecret ? `${m.name}-rclone` : undefined);
        expect(manifest.spec.storageUri).toBe(m.withSecret ? `minio:models/${m.path}` : `gs://seldon-models/${m.path}`);
        expect(manifest.spec.logger).toEqual(o.logger ? {} : undefined);
        for (const [name, value] of Object.entries(o.parameters ?? {})) {
          expect(manifest.spec.parameters).toContainEqual({ name, value });
        }
      }
    }), params(Math.ceil(RUNS / 2)));
  });

  test('a requirement no server advertises fails the synth, naming the model and every server', () => {
    fc.assert(fc.property(plan, capability, (input, missing) => {
      const { app, chart, servers } = build(input);
      new Model(chart, 'stray', { storageUri: StorageUri.gcs('b', 'p'), requirements: [`absent-${missing}`] });
      const errors = Placement.of(app).errors;
      expect(errors.map(e => e.path)).toEqual(['c/stray']);
      for (const server of servers) {
        expect(errors[0].message).toContain(`${server.name}: requirement "absent-${missing}" not advertised by ${server.name}`);
      }
    }), params(200));
  });
});

describe('invalid model props, generated', () => {


  test.each<[string, fc.Arbitrary<any>, RegExp]>([
    ['names', fc.oneof(fc.stringMatching(/^[a-z]{1,5}[._][a-z]{1,5}$/), fc.stringMatching(/^[A-Z][a-z]{0,5}$/), fc.stringMatching(/^[a-z]{64,70}$/))
      .map(name => ({ metadata: { name } })), /`metadata\.name`/],
    ['replica counts', fc.record({ field: fc.constantFrom('replicas', 'minReplicas', 'maxReplicas'), value: junk })
      .filter(({ value }) => !(typeof value === 'number' && Number.isInteger(value) && value >= 0))
      .map(({ field, value }) => ({ [field]: value })), /`(replicas|minReplicas|maxReplicas)`/],
    ['memory', fc.double({ min: 0.001, max: 0.999, noNaN: true }).filter(k => !Number.isInteger(k * 1024))
      .map(k => ({ memory: Size.kibibytes(k) })), /`memory`/],
    ['explainer with llm', fc.constant({ explainer: { type: 'anchor_tabular', modelRef: 'income' }, llm: { modelRef: 'x' } }), /`(explainer|llm)`/],
    ['requirements', fc.constantFrom([''], [' '], ['\t']).map(requirements => ({ requirements })), /`requirements(\[\d+\])?`/],
    ['storage URIs', fc.oneof(fc.constant(''), fc.constant('   '), fc.constant('pvc://claim/iris')).map(storageUri => ({ storageUri })), /`storageUri`/],
  ])('%s are refused with an error that names the prop', (_what, arbitrary, prop) => {
    fc.assert(fc.property(arbitrary, props => {
      expect(refusal('Model', () => new Model(new Chart(new App(), 'c'), 'model', { storageUri: 'gs://b/p', ...props })).message).toMatch(prop);
    }), params(100));
  });
});
