import { Size } from 'cdk8s';
import { builtinServerConfigSpec, tritonCommandLine } from '../src/rules/builtin-server-configs';
import { quantityToSize, requestsAboveLimits } from '../src/rules/quantity';
import { ServerType, profileFromSpec } from '../src/rules/server-config-profile';

describe('profileFromSpec', () => {
  test('a ServerConfig whose agent lacks the capability, type, memory and overcommit variables', () => {
    const profile = profileFromSpec({
      podSpec: {
        containers: [
          { name: 'rclone' },
          { name: 'agent', env: [{ name: 'SELDON_OVERCOMMIT_PERCENTAGE', value: 'ten' }] },
          { name: 'server', resources: { requests: { memory: '2Gi' } } },
        ],
        hostNetwork: false,
        nodeSelector: { pool: 'a' },
        tolerations: [{ key: 'x', operator: 'Exists' }],
      },
    });
    expect(profile.serverType).toBe(ServerType.MLSERVER);
    expect(profile.serverContainerName).toBe('server');
    expect(profile.capabilities).toBeUndefined();
    expect(profile.memoryRequest).toBeUndefined();
    expect(profile.memoryOvercommitPercentage).toBeUndefined();
    expect(profile.volumeNames).toEqual([]);
    expect(profile.nonZeroPodFields).toEqual([]);
  });

  test('the last declaration of an agent variable wins, as in Kubernetes', () => {
    const spec = builtinServerConfigSpec(ServerType.TRITON);
    spec.podSpec.containers[1].env.push({ name: 'SELDON_SERVER_CAPABILITIES', value: 'triton, gpu' });
    expect(profileFromSpec(spec).capabilities).toEqual(['triton', 'gpu']);
  });
});

describe('quantities', () => {
  test.each([
    ['1Gi', Size.gibibytes(1)],
    ['512Mi', Size.mebibytes(512)],
    ['100Ki', Size.kibibytes(100)],
    ['2Ti', Size.tebibytes(2)],
    ['1Pi', Size.pebibyte(1)],
    ['1G', Size.kibibytes(1e9 / 1024)],
  ])('%s as a Size', (quantity, size) => {
    expect(quantityToSize(quantity)).toEqual(size);
  });

  test.each(['500m', 'lots'])('%s is not a whole number of bytes', quantity => {
    expect(quantityToSize(quantity)).toBeUndefined();
  });

  test('requests above limits, in resource order', () => {
    expect(requestsAboveLimits({ memory: '2Gi', cpu: '2', gpu: 1 }, { memory: '1Gi', cpu: '1' })).toEqual([
      { resource: 'cpu', request: '2', limit: '1' },
      { resource: 'memory', request: '2Gi', limit: '1Gi' },
    ]);
  });
});

describe('tritonCommandLine', () => {
  test('keeps the flags the agent needs first and quotes what the shell would change', () => {
    expect(tritonCommandLine('tritonserver', ['--a=1', '--b=$(HOME)', 'x y']))
      .toBe('tritonserver --model-repository=$(SERVER_MODELS_DIR) --http-port=$(SERVER_HTTP_PORT) --grpc-port=$(SERVER_GRPC_PORT) --a=1 \'--b=$(HOME)\' \'x y\'');
  });
});
