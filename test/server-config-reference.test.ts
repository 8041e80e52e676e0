import { Size } from 'cdk8s';
import { Server, ServerConfig, ServerType } from '../src';
import { chart, only, synth } from './util/synth';

describe('built-in ServerConfig references', () => {
  test('mlserver carries its facts', () => {
    const { name, profile } = ServerConfig.MLSERVER;
    expect(name).toBe('mlserver');
    expect(profile.serverType).toBe(ServerType.MLSERVER);
    expect(profile.serverContainerName).toBe('mlserver');
    expect(profile.containers.map(c => c.name)).toEqual(['rclone', 'agent', 'mlserver']);
    expect(profile.memoryRequest?.toGibibytes()).toBe(1);
    expect(profile.memoryOvercommitPercentage).toBe(10);
    expect(profile.volumeNames).toContain('mlserver-models');
  });

  test('triton carries its facts', () => {
    const { name, profile } = ServerConfig.TRITON;
    expect(name).toBe('triton');
    expect(profile.serverType).toBe(ServerType.TRITON);
    expect(profile.containers.map(c => c.name)).toEqual(['rclone', 'agent', 'triton']);
    expect(profile.containers[2].mountPaths).toEqual(['/mnt/agent', '/dev/shm']);
    expect(profile.volumeNames).toEqual(['config-volume', 'tracing-config-volume', 'dshm', 'triton-models']);
  });
});

describe('ServerConfig.fromName', () => {
  test('defaults to the facts of the built-in of its type', () => {
    const ref = ServerConfig.fromName('mlserver-llm');
    expect(ref.name).toBe('mlserver-llm');
    expect(ref.profile.capabilities).toEqual(ServerConfig.MLSERVER.profile.capabilities);
    expect(ref.profile.serverContainerName).toBe('mlserver');
  });

  test('declared facts replace the defaults', () => {
    const ref = ServerConfig.fromName('triton-cuda12', {
      serverType: ServerType.TRITON,
      capabilities: ['triton', 'tensorrt', 'gpu'],
      serverContainerName: 'tritonserver',
      extraContainerNames: ['metrics-exporter'],
      memoryRequest: Size.gibibytes(16),
      memoryOvercommitPercentage: 0,
    });
    expect(ref.profile.capabilities).toEqual(['triton', 'tensorrt', 'gpu']);
    expect(ref.profile.containers.map(c => c.name)).toEqual(['rclone', 'agent', 'tritonserver', 'metrics-exporter']);
    expect(ref.profile.memoryRequest?.toGibibytes()).toBe(16);
    expect(ref.profile.memoryOvercommitPercentage).toBe(0);
  });

  test('a server on it patches the declared server container', () => {
    const c = chart();
    const server = new Server(c, 'a', {
      serverConfig: ServerConfig.fromName('triton-cuda12', { serverType: ServerType.TRITON, serverContainerName: 'tritonserver', memoryRequest: Size.gibibytes(16) }),
      image: 'nvcr.io/nvidia/tritonserver:24.04-py3',
    });
    expect(only(synth(c), 'Server').spec.podSpec.containers).toEqual([{ name: 'tritonserver', image: 'nvcr.io/nvidia/tritonserver:24.04-py3' }]);
    expect(server.memoryCapacity?.toKibibytes()).toBe(Math.floor(16 * 2 ** 30 * 1.1) / 1024);
  });

  test('a ServerConfig without the capabilities variable advertises the agent fallback', () => {
    const ref = ServerConfig.fromName('bare', { capabilitiesVariable: false });
    expect(ref.profile.capabilities).toBeUndefined();
    expect(new Server(chart(), 'a', { serverConfig: ref }).capabilities).toEqual(['sklearn', 'xgboost']);
  });

  test.each([
    ['Bad_Name', {}, 'ServerConfig.fromName("Bad_Name"): the name must be a lowercase DNS subdomain'],
    ['ok', { serverContainerName: 'Triton' }, 'ServerConfig.fromName("ok"): container name "Triton" is not a valid Kubernetes container name'],
    ['ok', { capabilities: ['a'], capabilitiesVariable: false }, '`capabilities` is set but `capabilitiesVariable` is false.'],
    ['ok', { capabilities: ['a', 'a'] }, 'ServerConfig.fromName("ok"): `capabilities` lists "a" twice.'],
    ['ok', { memoryOvercommitPercentage: -5 }, '`memoryOvercommitPercentage` must be a whole number of percent, 0 or more, got -5.'],
    ['ok', { memoryRequest: Size.kibibytes(0.1) }, '`memoryRequest` 0.1Ki is not a whole number of bytes.'],
    ['ok', { extraContainerNames: ['agent'] }, 'container "agent" is listed twice; rclone, agent and the server container are always there.'],
  ])('fromName(%j, %j) is refused', (name, options, message) => {
    expect(() => ServerConfig.fromName(name, options)).toThrow(message);
  });
});
