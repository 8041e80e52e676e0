import { App, Chart, Size, Testing } from 'cdk8s';
import { Cpu, EnvValue } from 'cdk8s-plus-27';
import * as fc from 'fast-check';
import { capabilityList, dnsLabel, image, params, refusal, RUNS, toleration } from './arbitraries';
import { Server, ServerConfig, ServerType } from '../../src';
import { expectConformant, only } from '../util/synth';

const envName = fc.stringMatching(/^[A-Z][A-Z0-9_]{0,15}$/).filter(n => !/^(SELDON_|MLSERVER_|SERVER_|MEMORY_|POD_)/.test(n));

const serverConfigProps = fc.record({
  serverType: fc.constantFrom(ServerType.MLSERVER, ServerType.TRITON),
  image: fc.option(image, { nil: undefined }),
  agentImage: fc.option(image, { nil: undefined }),
  rcloneImage: fc.option(image, { nil: undefined }),
  capabilities: fc.option(capabilityList, { nil: undefined }),
  memoryGi: fc.option(fc.integer({ min: 1, max: 64 }), { nil: undefined }),
  cpuMillis: fc.option(fc.integer({ min: 10, max: 8000 }), { nil: undefined }),
  gpus: fc.option(fc.integer({ min: 1, max: 8 }), { nil: undefined }),
  overcommit: fc.option(fc.integer({ min: 0, max: 50 }), { nil: undefined }),
  volumeGi: fc.option(fc.integer({ min: 1, max: 500 }), { nil: undefined }),
  storageClass: fc.option(dnsLabel(20), { nil: undefined }),
  env: fc.dictionary(envName, fc.string({ maxLength: 10 }), { maxKeys: 3 }),
  volumes: fc.uniqueArray(dnsLabel(10).map(n => `v-${n}`), { maxLength: 2 }),
  nodeSelector: fc.option(fc.dictionary(dnsLabel(10), dnsLabel(10), { minKeys: 1, maxKeys: 2 }), { nil: undefined }),
  tolerations: fc.array(toleration, { maxLength: 2 }),
  labels: fc.option(fc.dictionary(dnsLabel(10), dnsLabel(10), { minKeys: 1, maxKeys: 2 }), { nil: undefined }),
  name: dnsLabel(30),
  namespace: fc.option(dnsLabel(20), { nil: undefined }),
});

type Input = typeof serverConfigProps extends fc.Arbitrary<infer T> ? T : never;

function build(input: Input) {
  const app = Testing.app();
  const chart = new Chart(app, 'c', { namespace: 'models' });
  const serverConfig = new ServerConfig(chart, input.name, {
    serverType: input.serverType,
    metadata: { namespace: input.namespace, labels: input.labels },
    image: input.image,
    agentImage: input.agentImage,
    rcloneImage: input.rcloneImage,
    capabilities: input.capabilities,
    resources: {
      cpu: input.cpuMillis === undefined ? undefined : { request: Cpu.millis(input.cpuMillis) },
      memory: input.memoryGi === undefined ? undefined : { request: Size.gibibytes(input.memoryGi), limit: Size.gibibytes(input.memoryGi) },
    },
    gpus: input.gpus,
    memoryOvercommitPercentage: input.overcommit,
    modelVolumeSize: input.volumeGi === undefined ? undefined : Size.gibibytes(input.volumeGi),
    modelVolumeStorageClass: input.storageClass,
    env: Object.fromEntries(Object.entries(input.env).map(([k, v]) => [k, EnvValue.fromValue(v)])),
    volumes: input.volumes.map(name => ({ name, emptyDir: {} })),
    volumeMounts: input.volumes.map((volume, i) => ({ volume, path: `/extra/${i}` })),
    nodeSelector: input.nodeSelector,
    tolerations: input.tolerations,
  });
  const server = new Server(chart, 'server', { serverConfig });
  return { app, chart, serverConfig, server };
}

describe('valid ServerConfig props, generated', () => {
  test('synthesize complete ServerConfigs the CRDs accept, with every prop set, whose facts the Servers on them see', () => {
    fc.assert(fc.property(serverConfigProps, input => {
      const { app, chart, server } = build(input);
      const manifests = chart.toJson();
      expectConformant(manifests);
      expect(build(input).app.synthYaml()).toEqual(app.synthYaml());

      const config = only(manifests, 'ServerConfig');
      const pod = config.spec.podSpec;
      const serverContainerName = input.serverType === ServerType.TRITON ? 'triton' : 'mlserver';
      const container = (name: string) => pod.containers.find((c: any) => c.name === name);
      expect(config.metadata.name).toBe(input.name);
      expect(config.metadata.namespace).toBe(input.namespace ?? 'seldon-mesh');
      expect(config.metadata.labels).toEqual(input.labels);
      if (input.image) expect(container(serverContainerName).image).toBe(input.image);
      if (input.agentImage) expect(container('agent').image).toBe(input.agentImage);
      if (input.rcloneImage) expect(container('rclone').image).toBe(input.rcloneImage);
      const agentEnv = new Map(container('agent').env.map((e: any) => [e.name, e.value]));
      expect(agentEnv.get('SELDON_SERVER_TYPE')).toBe(input.serverType);
      if (input.capabilities) {
        expect(agentEnv.get('SELDON_SERVER_CAPABILITIES')).toBe(input.capabilities.join(','));
        expect(server.capabilities).toEqual(input.capabilities);
      }
      if (input.overcommit !== undefined) expect(agentEnv.get('SELDON_OVERCOMMIT_PERCENTAGE')).toBe(String(input.overcommit));
      const resources = container(serverContainerName).resources;
      if (input.memoryGi !== undefined) {
        expect(resources.requests.memory).toBe(`${input.memoryGi}Gi`);
        expect(resources.limits.memory).toBe(`${input.memoryGi}Gi`);
        const overcommit = input.overcommit ?? 10;
        expect(server.memoryCapacity?.toKibibytes()).toBe(Math.floor(input.memoryGi * 2 ** 30 * (1 + overcommit / 100)) / 1024);
      }
      if (input.cpuMillis !== undefined) expect(resources.requests.cpu).toBe(`${input.cpuMillis}m`);
      if (input.gpus !== undefined) expect(resources.limits['nvidia.com/gpu']).toBe(input.gpus);
      const claim = config.spec.volumeClaimTemplates[0];
      expect(claim.spec.resources.requests.storage).toBe(`${input.volumeGi ?? 1}Gi`);
      expect(claim.spec.storageClassName).toBe(input.storageClass);
      for (const name of Object.keys(input.env)) {
        expect(container(serverContainerName).env.map((e: any) => e.name)).toContain(name);
      }
      for (const volume of input.volumes) {
        expect(pod.volumes.map((v: any) => v.name)).toContain(volume);
        expect(server.serverConfig.profile.volumeNames).toContain(volume);
      }
      if (input.nodeSelector) expect(pod.nodeSelector).toEqual(input.nodeSelector);
      for (const t of input.tolerations) expect(pod.tolerations).toContainEqual(t);
    }), params(Math.ceil(RUNS / 2)));
  });
});

describe('invalid ServerConfig props, generated', () => {

  test.each<[string, fc.Arbitrary<any>, RegExp]>([
    ['capability lists', fc.constantFrom([], [''], ['a,b'], ['a', 'a'], [' a']).map(capabilities => ({ capabilities })), /`capabilities`/],
    ['reserved variables', fc.constantFrom('SELDON_SERVER_CAPABILITIES', 'SELDON_SERVER_TYPE', 'MEMORY_REQUEST', 'POD_NAME')
      .map(name => ({ agentEnv: { [name]: EnvValue.fromValue('x') } })), /`agentEnv`/],
    ['reserved volumes', fc.constantFrom('config-volume', 'tracing-config-volume', 'mlserver-models')
      .map(name => ({ volumes: [{ name, emptyDir: {} }] })), /`volumes\[0\]`/],
    ['reserved mount paths', fc.constantFrom('/mnt/agent', '/mnt/agent/models', '/mnt/config', '/')
      .map(path => ({ volumes: [{ name: 'v', emptyDir: {} }], volumeMounts: [{ volume: 'v', path }] })), /`volumeMounts\[0\]`/],
    ['model volume sizes', fc.double({ min: 0.001, max: 0.999, noNaN: true }).filter(k => !Number.isInteger(k * 1024))
      .map(k => ({ modelVolumeSize: Size.kibibytes(k) })), /`modelVolumeSize`/],
    ['GPU counts', fc.oneof(fc.constant(0), fc.double({ min: -3, max: 3, noNaN: true }).filter(g => !Number.isInteger(g)))
      .map(gpus => ({ gpus })), /`gpus`/],
  ])('%s are refused with an error that names the prop', (_what, arbitrary, prop) => {
    fc.assert(fc.property(arbitrary, props => {
      expect(refusal('ServerConfig', () => new ServerConfig(new Chart(new App(), 'c'), 'sc', { serverType: ServerType.MLSERVER, ...props })).message).toMatch(prop);
    }), params(100));
  });
});
