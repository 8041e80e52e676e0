import { App, Chart, Size, Testing } from 'cdk8s';
import { PersistentVolumeClaim } from 'cdk8s-plus-27';
import * as fc from 'fast-check';
import { dnsLabel, image, junk, params, refusal, serverOptions } from './arbitraries';
import { CustomServer, MlServer, PvcServer, Server, ServerOptions, TritonServer } from '../../src';
import { expectConformant, only } from '../util/synth';

const kinds = ['MlServer', 'TritonServer', 'CustomServer', 'PvcServer'] as const;
type Kind = typeof kinds[number];

function build(chart: Chart, kind: Kind, name: string, options: ServerOptions & { image?: string }, customImage: string): Server {
  switch (kind) {
    case 'MlServer': return new MlServer(chart, name, options);
    case 'TritonServer': return new TritonServer(chart, name, options);
    case 'CustomServer': return new CustomServer(chart, name, { ...options, image: options.image ?? customImage });
    case 'PvcServer': return new PvcServer(chart, name, { ...options, claim: PersistentVolumeClaim.fromClaimName(chart, `${name}-claim`, 'models') });
  }
}

const app = fc.record({
  kind: fc.constantFrom(...kinds),
  name: dnsLabel(40),
  namespace: fc.option(dnsLabel(20), { nil: undefined }),
  options: serverOptions,
  customImage: image,
});

type AppInput = typeof app extends fc.Arbitrary<infer T> ? T : never;

function synthYaml(input: AppInput): { yaml: string; manifests: any[]; server: Server } {
  const a = Testing.app();
  const chart = new Chart(a, 'c', { namespace: input.namespace });
  const server = build(chart, input.kind, input.name, input.options, input.customImage);
  return { yaml: a.synthYaml(), manifests: chart.toJson(), server };
}

describe('valid server props, generated', () => {
  test('synthesize to manifests the CRDs accept, with every prop the user set, byte-identical every time', () => {
    fc.assert(fc.property(app, input => {
      const first = synthYaml(input);
      const second = synthYaml(input);
      expect(second.yaml).toEqual(first.yaml);

      expectConformant(first.manifests);
      const { spec, metadata } = only(first.manifests, 'Server');
      const o = input.options as ServerOptions & { image?: string };
      expect(metadata.name).toBe(input.name);
      expect(metadata.namespace).toBe(input.namespace);
      expect(spec.replicas).toBe(o.replicas);
      expect(spec.minReplicas).toBe(o.minReplicas);
      expect(spec.maxReplicas).toBe(o.maxReplicas);
      expect(spec.disableAutoUpdate).toBe(o.disableAutoUpdate);

      // capabilities: replaced or extended, and the server says so
      if (o.capabilities) {
        expect(spec.capabilities.slice(0, o.capabilities.length)).toEqual(o.capabilities);
        expect(first.server.capabilities).toEqual(expect.arrayContaining(o.capabilities));
      }
      for (const extra of o.extraCapabilities ?? []) {
        expect(spec.extraCapabilities).toContain(extra);
        expect(first.server.capabilities).toContain(extra);
      }

      const containers: any[] = spec.podSpec?.containers ?? [];
      const named = (n: string) => containers.find(c => c.name === n);
      const serverContainer = named(first.server.serverConfig.profile.serverContainerName);
      const wantedImage = o.image ?? (input.kind === 'CustomServer' ? input.customImage : undefined);
      expect(serverContainer?.image).toBe(wantedImage);
      expect(named('agent')?.image).toBe(o.agentImage);
      for (const variable of Object.keys(o.env ?? {})) {
        expect(serverContainer.env.map((e: any) => e.name)).toContain(variable);
      }
      if (o.gpus !== undefined) {
        expect(serverContainer.resources.limits['nvidia.com/gpu']).toBe(o.gpus);
        expect(serverContainer.resources.requests['nvidia.com/gpu']).toBe(o.gpus);
      }
      if (o.resources?.memory) {
        expect(serverContainer.resources.requests.memory).toBe(o.resources.memory.request!.asString());
      }
      if (o.resources?.cpu) {
        expect(serverContainer.resources.requests.cpu).toBe(o.resources.cpu.request!.amount);
      }
      expect(spec.podSpec?.nodeSelector).toEqual(o.nodeSelector);
      expect(spec.podSpec?.tolerations).toEqual(o.tolerations);
      const volumeNames = (spec.podSpec?.volumes ?? []).map((v: any) => v.name);
      for (const volume of o.volumes ?? []) {
        expect(volumeNames).toContain(volume.name);
      }
      for (const mount of o.volumeMounts ?? []) {
        expect(serverContainer.volumeMounts).toContainEqual({ name: mount.volume, mountPath: mount.path });
      }
      for (const sidecar of o.sidecars ?? []) {
        expect(named(sidecar.name)?.image).toBe(sidecar.image);
      }
    }), params());
  });
});

describe('invalid server props, generated', () => {
  /** Builds a server and returns the error, asserting it is a construct error and not a crash. */


  test.each<[string, fc.Arbitrary<any>, RegExp]>([
    ['names', fc.oneof(fc.stringMatching(/^[A-Z][a-zA-Z]{0,10}$/), fc.stringMatching(/^[a-z]{1,5}[._][a-z]{1,5}$/), fc.stringMatching(/^[a-z]{53,60}$/))
      .map(name => ({ metadata: { name } })), /`metadata\.name`/],
    ['replica counts', fc.record({ field: fc.constantFrom('replicas', 'minReplicas', 'maxReplicas'), value: junk })
      .filter(({ value }) => !(typeof value === 'number' && Number.isInteger(value) && value >= 0))
      .map(({ field, value }) => ({ [field]: value })), /`(replicas|minReplicas|maxReplicas)`/],
    ['inconsistent scaling', fc.record({ min: fc.integer({ min: 2, max: 10 }), below: fc.integer({ min: 1, max: 9 }) })
      .map(({ min, below }) => ({ minReplicas: min, replicas: Math.max(0, min - below) })), /`replicas` is \d+, below minReplicas/],
    ['capability lists', fc.oneof(
      fc.constant([]),
      capabilityWith(fc.constantFrom(' ', '', '\t')),
      capabilityWith(fc.stringMatching(/^[a-z]{1,5},[a-z]{1,5}$/)),
      capabilityWith(fc.stringMatching(/^ [a-z]{1,5}$/)),
      fc.stringMatching(/^[a-z]{1,8}$/).map(c => [c, c]),
      fc.array(junk.filter(j => typeof j !== 'string'), { minLength: 1, maxLength: 3 }),
    ).chain(list => fc.constantFrom({ capabilities: list }, { extraCapabilities: list })), /`(capabilities|extraCapabilities)`/],
    ['container overrides', fc.oneof(
      dnsLabel(10).filter(n => !['rclone', 'agent', 'mlserver'].includes(n)).map(name => ({ podOverride: { containers: [{ name }] } })),
      fc.constantFrom('command', 'args').map(field => ({ podOverride: { containers: [{ name: 'mlserver', [field]: ['x'] }] } })),
      fc.constantFrom('config-volume', 'tracing-config-volume', 'mlserver-models').map(name => ({ volumes: [{ name, emptyDir: {} }] })),
      fc.constantFrom('/mnt/agent', '/mnt/certs').map(path => ({ volumes: [{ name: 'v', emptyDir: {} }], volumeMounts: [{ volume: 'v', path }] })),
    ), /`(podOverride\.containers\[0\]|volumes\[0\]|volumeMounts\[0\])`/],
    ['quantities', fc.oneof(
      fc.double({ min: 0.001, max: 0.999, noNaN: true })
        .filter(k => !Number.isInteger(k * 1024))
        .map(k => ({ resources: { memory: { limit: Size.kibibytes(k) } } })),
      fc.integer({ min: 2, max: 64 }).map(gi => ({ resources: { memory: { request: Size.gibibytes(gi) } } })),
      fc.oneof(fc.double({ min: -4, max: 4, noNaN: true }).filter(g => !Number.isInteger(g) || g < 1), fc.constant(0)).map(gpus => ({ gpus })),
    ), /`(resources[.a-z]*|gpus)`/],
  ])('%s are refused with an error that names the prop', (_what, arbitrary, prop) => {
    fc.assert(fc.property(arbitrary, props => {
      expect(refusal('MlServer', () => new MlServer(new Chart(new App(), 'c'), 'server', props)).message).toMatch(prop);
    }), params(200));
  });
});

function capabilityWith(bad: fc.Arbitrary<string>): fc.Arbitrary<string[]> {
  return fc.tuple(fc.stringMatching(/^[a-z]{1,8}$/), bad).map(([good, b]) => [`x-${good}`, b]);
}
