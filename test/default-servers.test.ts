import { Size } from 'cdk8s';
import { DefaultServers, PvcRetentionPolicy, ServerConfig, ServerType } from '../src';
import { chart, only, synth } from './util/synth';

/**
 * What Seldon's seldon-core-v2-servers chart renders with its default values (values.yaml and
 * templates/_servers-statefulsets.tpl at upstream 7b77f8b; shared/notes/seldon-v2.md §4), written
 * out as facts. The chart also renders `podSpec: null`, `labels: null` and `annotations: null`;
 * the library emits only what is set, which Seldon reads the same way.
 */
function chartServer(name: string, namespace: string) {
  return {
    apiVersion: 'mlops.seldon.io/v1alpha1',
    kind: 'Server',
    metadata: { name, namespace },
    spec: {
      serverConfig: name,
      replicas: 1,
      minReplicas: 1,
      maxReplicas: 1,
      statefulSetPersistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
    },
  };
}

describe('DefaultServers', () => {
  test('reproduces what the servers chart installs with its defaults', () => {
    const c = chart('seldon-mesh');
    new DefaultServers(c, 'servers');
    expect(synth(c)).toEqual([chartServer('mlserver', 'seldon-mesh'), chartServer('triton', 'seldon-mesh')]);
  });

  test('exposes both servers, with the capabilities of the built-in ServerConfigs, for model placement', () => {
    const servers = new DefaultServers(chart('seldon-mesh'), 'servers');
    expect(servers.mlserver.name).toBe('mlserver');
    expect(servers.triton.name).toBe('triton');
    expect(servers.mlserver.serverConfig).toBe(ServerConfig.MLSERVER);
    expect(servers.triton.serverConfig).toBe(ServerConfig.TRITON);
    expect(servers.mlserver.capabilities).toContain('sklearn');
    expect(servers.triton.capabilities).toContain('onnx');
    expect(servers.mlserver.scaling).toEqual({ replicas: 1, minReplicas: 1, maxReplicas: 1 });
  });

  test('takes the chart\'s per-server settings: replicas, bounds, retention, labels, annotations, pod overrides', () => {
    const c = chart('seldon-mesh');
    new DefaultServers(c, 'servers', {
      mlserver: {
        replicas: 3,
        maxReplicas: 5,
        pvcRetention: { whenDeleted: PvcRetentionPolicy.DELETE, whenScaled: PvcRetentionPolicy.RETAIN },
        metadata: { labels: { 'sidecar.istio.io/inject': 'false' }, annotations: { owner: 'ml-platform' } },
        podOverride: { nodeSelector: { pool: 'cpu' } },
      },
      triton: { resources: { memory: { request: Size.gibibytes(8), limit: Size.gibibytes(8) } } },
    });
    const manifests = synth(c);
    const mlserver = only(manifests, 'Server', 'mlserver');
    expect(mlserver.metadata).toEqual({ name: 'mlserver', namespace: 'seldon-mesh', labels: { 'sidecar.istio.io/inject': 'false' }, annotations: { owner: 'ml-platform' } });
    expect(mlserver.spec).toEqual({
      serverConfig: 'mlserver',
      replicas: 3,
      minReplicas: 1,
      maxReplicas: 5,
      podSpec: { nodeSelector: { pool: 'cpu' } },
      statefulSetPersistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete', whenScaled: 'Retain' },
    });
    const triton = only(manifests, 'Server', 'triton');
    expect(triton.spec.replicas).toBe(1);
    expect(triton.spec.podSpec.containers).toEqual([{ name: 'triton', resources: { requests: { memory: '8Gi' }, limits: { memory: '8Gi' } } }]);
  });

  test('builds the servers on ServerConfigs of your own', () => {
    const c = chart('seldon-mesh');
    const mlserver = new ServerConfig(c, 'mlserver-2', { serverType: ServerType.MLSERVER, modelVolumeSize: Size.gibibytes(10) });
    const servers = new DefaultServers(c, 'servers', { mlserver: { serverConfig: mlserver } });
    expect(servers.mlserver.serverConfig).toBe(mlserver);
    expect(only(synth(c), 'Server', 'mlserver').spec.serverConfig).toBe('mlserver-2');
  });

  test('refuses settings the chart would hand to Seldon broken, as the server constructs do', () => {
    expect(() => new DefaultServers(chart(), 'servers', { mlserver: { replicas: 3 } }))
      .toThrow('MlServer "mlserver" at \'test/servers/mlserver\': `replicas` is 3, above maxReplicas 1; Seldon requires replicas <= maxReplicas.');
    expect(() => new DefaultServers(chart(), 'servers', { triton: { serverConfig: ServerConfig.MLSERVER } }))
      .toThrow('TritonServer "triton" at \'test/servers/triton\': `serverConfig` is ServerConfig "mlserver", which runs mlserver; a TritonServer needs one that runs triton. '
        + 'Use MlServer, or Server for any ServerConfig.');
  });
});
