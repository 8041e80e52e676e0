import { Chart, Size, Testing } from 'cdk8s';
import { PersistentVolumeClaim } from 'cdk8s-plus-27';
import { Model, PvcServer, Server, ServerConfig, ServerType, StorageUri } from '../src';
import { chart, synth } from './util/synth';

const URI = StorageUri.gcs('seldon-models', 'models/any');

describe('Server.fromName()', () => {
  test('synthesizes nothing', () => {
    const c = chart('seldon-mesh');
    const server = Server.fromName(c, 'mlserver', 'mlserver');
    expect(synth(c)).toEqual([]);
    expect(server.node.defaultChild).toBeUndefined();
  });

  test('defaults to the built-in ServerConfig of the same name, one replica and the chart\'s namespace', () => {
    const c = chart('seldon-mesh');
    const mlserver = Server.fromName(c, 'mlserver', 'mlserver');
    const triton = Server.fromName(c, 'triton', 'triton');
    const custom = Server.fromName(c, 'custom', 'my-server');
    expect(mlserver.serverConfig).toBe(ServerConfig.MLSERVER);
    expect(triton.serverConfig).toBe(ServerConfig.TRITON);
    expect(custom.serverConfig).toBe(ServerConfig.MLSERVER);
    expect(triton.capabilities).toEqual(['triton', 'dali', 'fil', 'onnx', 'openvino', 'python', 'pytorch', 'tensorflow', 'tensorrt']);
    expect(mlserver.namespace).toBe('seldon-mesh');
    expect(mlserver.scaling).toEqual({ replicas: 1, minReplicas: 0, maxReplicas: undefined });
    expect(mlserver.memoryCapacity?.toKibibytes()).toBe(Math.floor(2 ** 30 * 1.1) / 1024);
  });

  test('takes the facts it is given', () => {
    const c = chart();
    const server = Server.fromName(c, 'big', 'mlserver-big', {
      serverConfig: ServerConfig.fromName('mlserver-gpu', { serverType: ServerType.MLSERVER }),
      namespace: 'models',
      extraCapabilities: ['gpu'],
      replicas: 2,
      minReplicas: 1,
      maxReplicas: 4,
      memoryRequest: Size.gibibytes(8),
      memoryOvercommitPercentage: 0,
    });
    expect(server.namespace).toBe('models');
    expect(server.serverConfig.name).toBe('mlserver-gpu');
    expect(server.capabilities.slice(-2)).toEqual(['xgboost', 'gpu']);
    expect(server.scaling).toEqual({ replicas: 2, minReplicas: 1, maxReplicas: 4 });
    expect(server.memoryCapacity?.toGibibytes()).toBe(8);
    expect(Server.fromName(c, 'narrow', 'narrow', { capabilities: ['sklearn'] }).capabilities).toEqual(['sklearn']);
  });

  test('an existing server outside any chart has no namespace unless given', () => {
    const app = Testing.app();
    expect(Server.fromName(app, 'mlserver', 'mlserver').namespace).toBeUndefined();
  });

  test('its facts drive placement', () => {
    const c = chart();
    Server.fromName(c, 'mlserver', 'mlserver', { replicas: 3, memoryRequest: Size.gibibytes(4) });
    new Model(c, 'wide', { storageUri: URI, replicas: 3, memory: Size.gibibytes(4) });
    expect(() => synth(c)).not.toThrow();
  });

  test.each<[string, (c: Chart) => void, RegExp]>([
    ['a name Seldon rejects', c => Server.fromName(c, 'x', 'mlserver.v2'),
      /^ExistingServer "mlserver.v2" at 'test\/x': `name` "mlserver.v2" must start with a lowercase letter/],
    ['scaling Seldon rejects', c => Server.fromName(c, 'x', 'mlserver', { replicas: 1, minReplicas: 2 }),
      /`replicas` is 1, below minReplicas 2; Seldon requires replicas >= minReplicas\./],
    ['capabilities together with extraCapabilities', c => Server.fromName(c, 'x', 'mlserver', { capabilities: ['a'], extraCapabilities: ['b'] }),
      /`extraCapabilities` is set together with `capabilities`\. Seldon then ignores `extraCapabilities` silently\./],
    ['a capability list with a comma', c => Server.fromName(c, 'x', 'mlserver', { capabilities: ['a,b'] }),
      /`capabilities` contains "a,b": Seldon joins capabilities with commas/],
    ['capabilities on a ServerConfig without the variable', c => Server.fromName(c, 'x', 'mlserver', {
      serverConfig: ServerConfig.fromName('bare', { capabilitiesVariable: false }),
      extraCapabilities: ['gpu'],
    }), /`extraCapabilities` is set, but ServerConfig "bare" has no SELDON_SERVER_CAPABILITIES on its agent, so Seldon ignores it and the agent advertises sklearn,xgboost\./],
    ['an extra capability already advertised', c => Server.fromName(c, 'x', 'mlserver', { extraCapabilities: ['sklearn'] }),
      /`extraCapabilities` adds "sklearn", which ServerConfig "mlserver" already advertises\. Remove it\./],
    ['a memory request that is not whole bytes', c => Server.fromName(c, 'x', 'mlserver', { memoryRequest: Size.kibibytes(0.0001) }),
      /`memoryRequest` is .*, which is not a whole number of bytes\./],
    ['a negative overcommit', c => Server.fromName(c, 'x', 'mlserver', { memoryOvercommitPercentage: -5 }),
      /`memoryOvercommitPercentage` must be a whole number of percent, 0 or more, got -5\./],
  ])('refuses %s', (_name, make, message) => {
    expect(() => make(chart())).toThrow(message);
  });
});

describe('IServer placement facts of Server constructs', () => {
  test('a PvcServer advertises its claim capability and has the built-in capacity', () => {
    const c = chart();
    const server = new PvcServer(c, 'mlserver-pvc', { claim: PersistentVolumeClaim.fromClaimName(c, 'Claim', 'models') });
    expect(server.capabilities).toContain('pvc');
    expect(server.memoryCapacity?.toKibibytes()).toBe(Math.floor(2 ** 30 * 1.1) / 1024);
    expect(server.scaling.replicas).toBe(1);
  });
});
