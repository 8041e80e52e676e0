import { ApiObject, App, Chart, JsonPatch, Size, Testing } from 'cdk8s';
import { Cpu, EnvValue, PercentOrAbsolute, Secret, ServiceAccount } from 'cdk8s-plus-27';
import { Node } from 'constructs';
import {
  MlServer, PvcRetentionPolicy, Server, ServerConfig, ServerDeploymentStrategy, ServerType, TritonServer,
} from '../src';
import { chart, only, synth } from './util/synth';

function spec(subject: Chart, name?: string): any {
  return only(synth(subject), 'Server', name).spec;
}

describe('Server basics', () => {
  test('a default MlServer is just a reference to its ServerConfig', () => {
    // GIVEN
    const c = chart();
    // WHEN
    new MlServer(c, 'mlserver-a');
    // THEN
    const manifest = only(synth(c), 'Server');
    expect(manifest).toEqual({
      apiVersion: 'mlops.seldon.io/v1alpha1',
      kind: 'Server',
      metadata: { name: 'mlserver-a' },
      spec: { serverConfig: 'mlserver' },
    });
  });

  test('the name defaults to the construct id; metadata.name and the chart namespace apply', () => {
    const c = chart('models');
    const server = new TritonServer(c, 'Triton', { metadata: { name: 'triton-a', labels: { team: 'vision' } } });
    const manifest = only(synth(c), 'Server');
    expect(server.name).toBe('triton-a');
    expect(server.namespace).toBe('models');
    expect(manifest.metadata).toEqual({ name: 'triton-a', namespace: 'models', labels: { team: 'vision' } });
    expect(manifest.spec).toEqual({ serverConfig: 'triton' });
  });

  test('the Server object is the default child, so escape hatches reach it', () => {
    const c = chart();
    const server = new MlServer(c, 'mlserver-a');
    const child = Node.of(server).defaultChild;
    expect(ApiObject.isApiObject(child)).toBe(true);
    expect((child as ApiObject).kind).toBe('Server');
    expect(ApiObject.of(server)).toBe(child);
  });

  test('a JSON patch adds nvidia.com/gpu limits through the escape hatch', () => {
    const c = chart();
    const server = new TritonServer(c, 'triton-a', { image: 'nvcr.io/nvidia/tritonserver:24.04-py3' });
    ApiObject.of(server).addJsonPatch(JsonPatch.add('/spec/podSpec/containers/0/resources', { limits: { 'nvidia.com/gpu': 2 } }));
    const triton = spec(c).podSpec.containers[0];
    expect(triton).toEqual({ name: 'triton', image: 'nvcr.io/nvidia/tritonserver:24.04-py3', resources: { limits: { 'nvidia.com/gpu': 2 } } });
  });

  test('Server accepts any ServerConfig', () => {
    const c = chart();
    new Server(c, 'llm', { serverConfig: ServerConfig.fromName('mlserver-llm', { capabilities: ['mlserver', 'llm'] }) });
    expect(spec(c)).toEqual({ serverConfig: 'mlserver-llm' });
  });

  test('the GVK is public', () => {
    expect(Server.GVK).toEqual({ apiVersion: 'mlops.seldon.io/v1alpha1', kind: 'Server' });
  });

  test('output is byte-identical across runs', () => {
    const render = () => {
      const app = Testing.app();
      const c = new Chart(app, 'c');
      new MlServer(c, 'a', {
        env: { B: EnvValue.fromValue('2'), A: EnvValue.fromValue('1') },
        nodeSelector: { zone: 'a', pool: 'cpu' },
        replicas: 2,
        extraCapabilities: ['x'],
      });
      return app.synthYaml();
    };
    expect(render()).toEqual(render());
    expect(render()).toContain('- name: A');
  });
});

describe('names', () => {
  test('an id that is not a valid server name is refused, saying where the name came from', () => {
    expect(() => new MlServer(chart(), 'MlServer')).toThrow(
      'MlServer "MlServer" at \'test/MlServer\': `metadata.name` "MlServer" (taken from the construct id; set `metadata.name` to choose another) must start with a lowercase letter',
    );
  });

  test('a dotted metadata.name is refused', () => {
    expect(() => new MlServer(chart(), 'a', { metadata: { name: 'mlserver.name' } })).toThrow(/`metadata.name` "mlserver.name" must start with a lowercase letter/);
  });

  test('a name too long for the StatefulSet is refused', () => {
    expect(() => new MlServer(chart(), 'a'.repeat(53))).toThrow(/is 53 characters long; Seldon's StatefulSet breaks above 52/);
  });
});

describe('scaling', () => {
  test('replica settings are emitted as given and resolved as Seldon does', () => {
    const c = chart();
    const server = new MlServer(c, 'a', { minReplicas: 2, maxReplicas: 5 });
    expect(spec(c)).toEqual({ serverConfig: 'mlserver', minReplicas: 2, maxReplicas: 5 });
    expect(server.scaling).toEqual({ replicas: 2, minReplicas: 2, maxReplicas: 5 });
    expect(server.replicas).toBeUndefined();
  });

  test('scale to zero', () => {
    const c = chart();
    new MlServer(c, 'a', { replicas: 0, minReplicas: 0 });
    expect(spec(c)).toEqual({ serverConfig: 'mlserver', replicas: 0, minReplicas: 0 });
  });

  test.each([
    [{ replicas: 0 }, '`replicas` is 0 but minReplicas is unset: Seldon then runs 1 replica'],
    [{ replicas: 1, minReplicas: 2 }, '`replicas` is 1, below minReplicas 2'],
    [{ minReplicas: 3, maxReplicas: 2 }, '`minReplicas` is 3, above maxReplicas 2'],
    [{ replicas: 4, maxReplicas: 2 }, '`replicas` is 4, above maxReplicas 2'],
    [{ replicas: -1 }, '`replicas` must be a whole number from 0 to 2147483647, got -1'],
    [{ maxReplicas: 2.5 }, '`maxReplicas` must be a whole number from 0 to 2147483647, got 2.5'],
  ])('%j is refused', (props, message) => {
    expect(() => new MlServer(chart(), 'a', props)).toThrow(`MlServer "a" at 'test/a': ${message}`);
  });
});

describe('capabilities', () => {
  test('extraCapabilities extend the ServerConfig list', () => {
    const c = chart();
    const server = new MlServer(c, 'a', { extraCapabilities: ['gpu', 'mlserver-1.3.4'] });
    expect(spec(c).extraCapabilities).toEqual(['gpu', 'mlserver-1.3.4']);
    expect(server.capabilities).toEqual([...ServerConfig.MLSERVER.profile.capabilities!, 'gpu', 'mlserver-1.3.4']);
  });

  test('capabilities replace the ServerConfig list', () => {
    const c = chart();
    const server = new MlServer(c, 'a', { capabilities: ['mlserver', 'huggingface'] });
    expect(spec(c).capabilities).toEqual(['mlserver', 'huggingface']);
    expect(server.capabilities).toEqual(['mlserver', 'huggingface']);
  });

  test('the built-in lists', () => {
    expect(new MlServer(chart(), 'a').capabilities).toEqual(
      ['mlserver', 'alibi-detect', 'alibi-explain', 'huggingface', 'lightgbm', 'mlflow', 'python', 'sklearn', 'spark-mlib', 'xgboost']);
    expect(new TritonServer(chart(), 'a').capabilities).toEqual(
      ['triton', 'dali', 'fil', 'onnx', 'openvino', 'python', 'pytorch', 'tensorflow', 'tensorrt']);
  });

  test('capabilities and extraCapabilities together are refused (Seldon ignores the second)', () => {
    expect(() => new MlServer(chart(), 'a', { capabilities: ['a'], extraCapabilities: ['b'] })).toThrow(
      '`extraCapabilities` is set together with `capabilities`. Seldon then ignores `extraCapabilities` silently.');
  });

  test.each([
    [{ capabilities: [] }, '`capabilities` is an empty list; leave it unset instead.'],
    [{ extraCapabilities: [] }, '`extraCapabilities` is an empty list; leave it unset instead.'],
    [{ extraCapabilities: [' '] }, '`extraCapabilities` contains a blank capability " ".'],
    [{ extraCapabilities: ['gpu', 'gpu'] }, '`extraCapabilities` lists "gpu" twice.'],
    [{ capabilities: ['a,b'] }, '`capabilities` contains "a,b": Seldon joins capabilities with commas'],
    [{ capabilities: ['gpu '] }, '`capabilities` contains "gpu " with surrounding whitespace'],
    [{ extraCapabilities: ['sklearn'] }, '`extraCapabilities` adds "sklearn", which ServerConfig "mlserver" already advertises. Remove it.'],
  ])('%j is refused', (props, message) => {
    expect(() => new MlServer(chart(), 'a', props)).toThrow(message);
  });

  test('capabilities on a ServerConfig without the capabilities variable are refused (Seldon ignores them)', () => {
    const serverConfig = ServerConfig.fromName('bare', { capabilitiesVariable: false });
    expect(() => new Server(chart(), 'a', { serverConfig, extraCapabilities: ['gpu'] })).toThrow(
      '`extraCapabilities` is set, but ServerConfig "bare" has no SELDON_SERVER_CAPABILITIES on its agent, so Seldon ignores it and the agent advertises sklearn,xgboost.');
    expect(new Server(chart(), 'b', { serverConfig }).capabilities).toEqual(['sklearn', 'xgboost']);
  });
});

describe('server container props', () => {
  test('image, resources, GPUs and env patch the server container by name', () => {
    const c = chart();
    new TritonServer(c, 'a', {
      image: 'nvcr.io/nvidia/tritonserver:24.04-py3',
      resources: { cpu: { request: Cpu.millis(500), limit: Cpu.units(2) }, memory: { request: Size.gibibytes(2), limit: Size.gibibytes(2) } },
      gpus: 1,
      env: { LOG_LEVEL: EnvValue.fromValue('debug'), HF_TOKEN: EnvValue.fromSecretValue({ secret: Secret.fromSecretName(c, 's', 'hf'), key: 'token' }) },
    });
    expect(spec(c).podSpec.containers).toEqual([{
      name: 'triton',
      image: 'nvcr.io/nvidia/tritonserver:24.04-py3',
      resources: {
        requests: { 'cpu': '500m', 'memory': '2Gi', 'nvidia.com/gpu': 1 },
        limits: { 'cpu': '2', 'memory': '2Gi', 'nvidia.com/gpu': 1 },
      },
      env: [
        { name: 'HF_TOKEN', valueFrom: { secretKeyRef: { name: 'hf', key: 'token' } } },
        { name: 'LOG_LEVEL', value: 'debug' },
      ],
    }]);
  });

  test('agent and rclone images patch their containers', () => {
    const c = chart();
    new MlServer(c, 'a', { agentImage: 'seldonio/seldon-agent:2.9.0', rcloneImage: 'seldonio/seldon-rclone:2.9.0' });
    expect(spec(c).podSpec.containers).toEqual([
      { name: 'rclone', image: 'seldonio/seldon-rclone:2.9.0' },
      { name: 'agent', image: 'seldonio/seldon-agent:2.9.0' },
    ]);
  });

  test('spec.imageOverrides is never emitted', () => {
    const c = chart();
    new MlServer(c, 'a', { agentImage: 'seldonio/seldon-agent:2.9.0' });
    expect(spec(c).imageOverrides).toBeUndefined();
  });

  test.each([[''], ['seldonio/mlserver 1.3.4']])('image %j is refused', image => {
    expect(() => new MlServer(chart(), 'a', { image })).toThrow('`image` must be an image reference without spaces');
  });

  test.each([[0], [1.5], [-1]])('%d GPUs are refused', gpus => {
    expect(() => new TritonServer(chart(), 'a', { gpus })).toThrow(`\`gpus\` must be a positive whole number of GPUs, got ${gpus}.`);
  });

  test('a memory request above the ServerConfig limit is refused: Seldon merges resources key by key', () => {
    expect(() => new MlServer(chart(), 'a', { resources: { memory: { request: Size.gibibytes(4) } } })).toThrow(
      '`resources` gives container "mlserver" a memory request of 4Gi, above its memory limit of 1Gi (from ServerConfig "mlserver", which Seldon keeps because it merges resources key by key). Kubernetes rejects such pods. Raise the memory limit too.');
  });

  test('a request above a limit set in the same construct is refused too', () => {
    expect(() => new MlServer(chart(), 'a', { resources: { cpu: { request: Cpu.units(2), limit: Cpu.units(1) } } })).toThrow(
      'gives container "mlserver" a cpu request of 2, above its cpu limit of 1. Kubernetes rejects such pods.');
  });

  test('memory that is not a whole number of bytes is refused', () => {
    expect(() => new MlServer(chart(), 'a', { resources: { memory: { limit: Size.kibibytes(0.1) } } })).toThrow(
      '`resources.memory.limit` is 0.1Ki, which is not a whole number of bytes.');
  });

  test('memory capacity of a replica follows the memory request and the overcommit', () => {
    // Seldon truncates the overcommitted capacity to whole bytes.
    expect(new MlServer(chart(), 'a').memoryCapacity?.toKibibytes()).toBe(Math.floor(1.1 * 2 ** 30) / 1024);
    const big = new MlServer(chart(), 'b', {
      resources: { memory: { request: Size.gibibytes(4), limit: Size.gibibytes(4) } },
    });
    big.addEnv('SELDON_OVERCOMMIT_PERCENTAGE', EnvValue.fromValue('0'), { container: 'agent' });
    expect(big.memoryCapacity?.toGibibytes()).toBe(4);
  });

  test('memory capacity is unknown when the ServerConfig does not say its memory request', () => {
    const serverConfig = { name: 'custom', profile: { ...ServerConfig.MLSERVER.profile, memoryRequest: undefined } };
    expect(new Server(chart(), 'a', { serverConfig }).memoryCapacity).toBeUndefined();
  });

  test('an overcommit that is not a whole percentage is refused', () => {
    const server = new MlServer(chart(), 'a');
    expect(() => server.addEnv('SELDON_OVERCOMMIT_PERCENTAGE', EnvValue.fromValue('ten'), { container: 'agent' })).toThrow(
      '`addEnv()` sets SELDON_OVERCOMMIT_PERCENTAGE to "ten"; the agent needs a whole number of percent.');
  });
});

describe('environment variables', () => {
  test('addEnv targets the server container, or the one named', () => {
    const c = chart();
    const server = new MlServer(c, 'a');
    server.addEnv('MLSERVER_PARALLEL_WORKERS', EnvValue.fromValue('4'));
    server.addEnv('SELDON_LOG_LEVEL', EnvValue.fromValue('debug'), { container: 'agent' });
    expect(spec(c).podSpec.containers).toEqual([
      { name: 'agent', env: [{ name: 'SELDON_LOG_LEVEL', value: 'debug' }] },
      { name: 'mlserver', env: [{ name: 'MLSERVER_PARALLEL_WORKERS', value: '4' }] },
    ]);
  });

  test('SELDON_SERVER_CAPABILITIES is refused: the capability props set it', () => {
    expect(() => new MlServer(chart(), 'a').addEnv('SELDON_SERVER_CAPABILITIES', EnvValue.fromValue('x'), { container: 'agent' })).toThrow(
      'sets SELDON_SERVER_CAPABILITIES on container "agent". Use the `capabilities` or `extraCapabilities` prop instead');
  });

  test('a variable set twice is refused', () => {
    const server = new MlServer(chart(), 'a', { env: { A: EnvValue.fromValue('1') } });
    expect(() => server.addEnv('A', EnvValue.fromValue('2'))).toThrow('`addEnv()` sets environment variable A of container "mlserver" twice. Set it once.');
  });

  test('a name with "=" is refused', () => {
    expect(() => new MlServer(chart(), 'a', { env: { 'A=B': EnvValue.fromValue('1') } })).toThrow(
      '`env` has environment variable name "A=B"; names must be non-empty and contain no "=".');
  });
});

describe('pod props', () => {
  test('node selector, tolerations, service account and pull secrets', () => {
    const c = chart();
    const server = new MlServer(c, 'a', {
      nodeSelector: { pool: 'cpu' },
      tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'ml', effect: 'NoSchedule' }],
      serviceAccount: ServiceAccount.fromServiceAccountName(c, 'sa', 'seldon-server-ml'),
      imagePullSecrets: [Secret.fromSecretName(c, 'pull', 'registry-creds')],
    });
    server.addToleration({ key: 'spot', operator: 'Exists' });
    expect(spec(c).podSpec).toEqual({
      nodeSelector: { pool: 'cpu' },
      tolerations: [
        { key: 'dedicated', operator: 'Equal', value: 'ml', effect: 'NoSchedule' },
        { key: 'spot', operator: 'Exists' },
      ],
      serviceAccountName: 'seldon-server-ml',
      imagePullSecrets: [{ name: 'registry-creds' }],
    });
  });

  test('deployment strategy, PVC retention and auto update', () => {
    const c = chart();
    new MlServer(c, 'a', {
      deploymentStrategy: ServerDeploymentStrategy.rollingUpdate({
        maxSurge: PercentOrAbsolute.percent(50),
        maxUnavailable: PercentOrAbsolute.absolute(0),
      }),
      pvcRetention: { whenDeleted: PvcRetentionPolicy.DELETE, whenScaled: PvcRetentionPolicy.RETAIN },
      disableAutoUpdate: true,
    });
    new MlServer(c, 'b', { deploymentStrategy: ServerDeploymentStrategy.recreate(), pvcRetention: { whenScaled: PvcRetentionPolicy.DELETE } });
    new MlServer(c, 'c', { deploymentStrategy: ServerDeploymentStrategy.rollingUpdate() });
    expect(spec(c, 'a')).toEqual({
      serverConfig: 'mlserver',
      deploymentStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '50%', maxUnavailable: 0 } },
      statefulSetPersistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete', whenScaled: 'Retain' },
      disableAutoUpdate: true,
    });
    expect(spec(c, 'b')).toEqual({
      serverConfig: 'mlserver',
      deploymentStrategy: { type: 'Recreate' },
      statefulSetPersistentVolumeClaimRetentionPolicy: { whenScaled: 'Delete' },
    });
    expect(spec(c, 'c').deploymentStrategy).toEqual({ type: 'RollingUpdate' });
  });

  test('a rolling update that can never progress is refused', () => {
    const options = { maxSurge: PercentOrAbsolute.absolute(0), maxUnavailable: PercentOrAbsolute.percent(0) };
    expect(() => ServerDeploymentStrategy.rollingUpdate(options)).toThrow(
      'ServerDeploymentStrategy.rollingUpdate(): `maxSurge` and `maxUnavailable` are both zero');
  });
});

describe('volumes and mounts', () => {
  test('volumes and mounts are added to the pod and the containers', () => {
    const c = chart();
    const server = new MlServer(c, 'a', {
      volumes: [{ name: 'cache', emptyDir: { sizeLimit: undefined } }],
      volumeMounts: [{ volume: 'cache', path: '/cache' }],
    });
    server.addVolume({ name: 'extra', configMap: { name: 'extra-config' } });
    server.addVolumeMount({ volume: 'extra', path: '/etc/extra', container: 'agent', readOnly: true });
    expect(spec(c).podSpec).toEqual({
      volumes: [{ name: 'cache', emptyDir: {} }, { name: 'extra', configMap: { name: 'extra-config' } }],
      containers: [
        { name: 'agent', volumeMounts: [{ name: 'extra', mountPath: '/etc/extra', readOnly: true }] },
        { name: 'mlserver', volumeMounts: [{ name: 'cache', mountPath: '/cache' }] },
      ],
    });
  });

  test('a ServerConfig volume can be mounted elsewhere', () => {
    const c = chart();
    new MlServer(c, 'a', { volumeMounts: [{ volume: 'mlserver-models', path: '/models', container: 'rclone', subPath: 'rclone' }] });
    expect(spec(c).podSpec.containers).toEqual([{ name: 'rclone', volumeMounts: [{ name: 'mlserver-models', mountPath: '/models', subPath: 'rclone' }] }]);
  });

  test.each([['config-volume'], ['mlserver-models']])('a volume named like one of the ServerConfig (%s) is refused', name => {
    expect(() => new MlServer(chart(), 'a', { volumes: [{ name, emptyDir: {} }] })).toThrow(
      `\`volumes[0]\` adds volume "${name}", but ServerConfig "mlserver" already has a volume of that name. Seldon appends volumes, so the pod would have two and Kubernetes would reject it.`);
  });

  test('a volume added twice is refused', () => {
    const server = new MlServer(chart(), 'a', { volumes: [{ name: 'cache', emptyDir: {} }] });
    expect(() => server.addVolume({ name: 'cache', emptyDir: {} })).toThrow('`addVolume()` adds volume "cache" a second time.');
  });

  test('an invalid volume name is refused', () => {
    expect(() => new MlServer(chart(), 'a', { volumes: [{ name: 'Cache', emptyDir: {} }] })).toThrow(
      '`volumes[0]` has volume name "Cache"; a volume name must be a lowercase DNS label');
  });

  test('mounting over a ServerConfig mount is refused', () => {
    expect(() => new MlServer(chart(), 'a', { volumes: [{ name: 'x', emptyDir: {} }], volumeMounts: [{ volume: 'x', path: '/mnt/agent' }] })).toThrow(
      '`volumeMounts[0]` mounts volume "x" at /mnt/agent in container "mlserver", where something is already mounted by ServerConfig "mlserver". Seldon appends mounts, so the pod would be rejected.');
  });

  test('mounting twice at one path is refused', () => {
    const server = new MlServer(chart(), 'a', { volumes: [{ name: 'x', emptyDir: {} }], volumeMounts: [{ volume: 'x', path: '/x' }] });
    expect(() => server.addVolumeMount({ volume: 'x', path: '/x' })).toThrow(
      '`addVolumeMount()` mounts volume "x" at /x in container "mlserver", where something is already mounted.');
  });

  test('a relative mount path is refused', () => {
    expect(() => new MlServer(chart(), 'a', { volumeMounts: [{ volume: 'x', path: 'x' }] })).toThrow(
      '`volumeMounts[0]` mounts volume "x" at "x"; a mount path must be absolute.');
  });

  test('mounting a volume the pod does not have fails the synth', () => {
    const c = chart();
    new MlServer(c, 'a', { volumeMounts: [{ volume: 'cahce', path: '/cache' }], volumes: [{ name: 'cache', emptyDir: {} }] });
    expect(() => Testing.synth(c)).toThrow(
      'MlServer "a" at \'test/a\': container "mlserver" mounts volume "cahce" at /cache, but the pod has no such volume '
      + '(it has downstream-ca-certs, config-volume, tracing-config-volume, mlserver-models, cache). Did you mean "cache"? Add it with `volumes` or addVolume().');
  });

  test('the check follows volumes and mounts added after a synth', () => {
    const c = chart();
    const server = new MlServer(c, 'a', { volumeMounts: [{ volume: 'cache', path: '/cache' }] });
    expect(() => Testing.synth(c)).toThrow('container "mlserver" mounts volume "cache" at /cache, but the pod has no such volume');
    server.addVolume({ name: 'cache', emptyDir: {} });
    expect(() => Testing.synth(c)).not.toThrow();
    server.addVolumeMount({ volume: 'scratch', path: '/scratch' });
    expect(() => Testing.synth(c)).toThrow('container "mlserver" mounts volume "scratch" at /scratch, but the pod has no such volume');
  });
});

describe('sidecars', () => {
  test('a sidecar is added with its own name', () => {
    const c = chart();
    const server = new MlServer(c, 'a', { volumes: [{ name: 'shared', emptyDir: {} }] });
    server.addSidecar({ name: 'log-shipper', image: 'fluent/fluent-bit:3.0', ports: [{ containerPort: 2020, name: 'fb-metrics' }] });
    server.addVolumeMount({ volume: 'shared', path: '/logs', container: 'log-shipper' });
    expect(spec(c).podSpec.containers).toEqual([{
      name: 'log-shipper',
      image: 'fluent/fluent-bit:3.0',
      ports: [{ containerPort: 2020, name: 'fb-metrics' }],
      volumeMounts: [{ name: 'shared', mountPath: '/logs' }],
    }]);
  });

  test('a sidecar named like a ServerConfig container is refused', () => {
    expect(() => new MlServer(chart(), 'a', { sidecars: [{ name: 'agent', image: 'x' }] })).toThrow(
      '`sidecars[0]` adds a sidecar named "agent", but ServerConfig "mlserver" already has a container of that name and Seldon would merge the two.');
  });

  test('a second sidecar with the same name is refused', () => {
    const server = new MlServer(chart(), 'a', { sidecars: [{ name: 'proxy', image: 'envoy' }] });
    expect(() => server.addSidecar({ name: 'proxy', image: 'envoy' })).toThrow('`addSidecar()` adds a second sidecar named "proxy".');
  });

  test('a sidecar without an image is refused', () => {
    expect(() => new MlServer(chart(), 'a').addSidecar({ name: 'proxy' })).toThrow('`addSidecar()` adds sidecar "proxy" without an image.');
  });

  test('an invalid sidecar name is refused', () => {
    expect(() => new MlServer(chart(), 'a').addSidecar({ name: 'Proxy', image: 'envoy' })).toThrow('`addSidecar()` has container name "Proxy"');
  });

  test('a sidecar port already used in the pod is refused', () => {
    expect(() => new MlServer(chart(), 'a').addSidecar({ name: 'proxy', image: 'envoy', ports: [{ containerPort: 9000 }] })).toThrow(
      '`addSidecar()` adds port 9000 to container "proxy", but container "mlserver" already listens on it and all containers of a pod share one network.');
    expect(() => new MlServer(chart(), 'b').addSidecar({ name: 'proxy', image: 'envoy', ports: [{ containerPort: 18000, name: 'http' }] })).toThrow(
      '`addSidecar()` adds port "http" to container "proxy", but container "agent" already has a port of that name.');
  });
});

describe('raw pod override', () => {
  test('merges with the props, container by container', () => {
    const c = chart();
    new MlServer(c, 'a', {
      image: 'seldonio/mlserver:1.7.1-slim',
      podOverride: {
        containers: [{ name: 'mlserver', imagePullPolicy: 'Always' }],
        priorityClassName: 'inference',
        hostPid: false,
        setHostnameAsFqdn: true,
        initContainers: [{ name: 'warmup', image: 'busybox', command: ['sh', '-c', 'true'] }],
        volumes: [{ name: 'scratch', emptyDir: {} }],
      },
    });
    expect(spec(c).podSpec).toEqual({
      containers: [{ name: 'mlserver', image: 'seldonio/mlserver:1.7.1-slim', imagePullPolicy: 'Always' }],
      priorityClassName: 'inference',
      hostPID: false,
      setHostnameAsFQDN: true,
      initContainers: [{ name: 'warmup', image: 'busybox', command: ['sh', '-c', 'true'] }],
      volumes: [{ name: 'scratch', emptyDir: {} }],
    });
  });

  test('a container the ServerConfig does not have is refused, with a suggestion', () => {
    expect(() => new MlServer(chart(), 'a', { podOverride: { containers: [{ name: 'mlsever', image: 'x' }] } })).toThrow(
      '`podOverride.containers[0]` targets container "mlsever", which ServerConfig "mlserver" does not have (it has rclone, agent, mlserver). '
      + 'Seldon would add it to the pod as a new container. Did you mean "mlserver"? To add a sidecar on purpose, use `sidecars` or addSidecar().');
  });

  test.each([['command'], ['args']])('replacing %s is refused', field => {
    expect(() => new TritonServer(chart(), 'a', { podOverride: { containers: [{ name: 'triton', [field]: ['tritonserver'] }] } })).toThrow(
      `\`podOverride.containers[0]\` sets \`${field}\` of container "triton". Seldon appends a Server's ${field} to the ServerConfig's instead of replacing them`);
  });

  test('a value set by a prop and differently by the override is refused', () => {
    expect(() => new MlServer(chart(), 'a', { image: 'a:1', podOverride: { containers: [{ name: 'mlserver', image: 'a:2' }] } })).toThrow(
      '`podOverride.containers[0]` sets containers[mlserver].image to "a:2", but another prop of this construct already set it to "a:1". Set it in one place.');
  });

  test('a value set twice to the same thing is accepted', () => {
    const c = chart();
    new MlServer(c, 'a', { image: 'a:1', podOverride: { containers: [{ name: 'mlserver', image: 'a:1' }] } });
    expect(spec(c).podSpec.containers).toEqual([{ name: 'mlserver', image: 'a:1' }]);
  });

  test('a pod-level value set twice differently is refused', () => {
    const c = chart();
    expect(() => new MlServer(c, 'a', {
      serviceAccount: ServiceAccount.fromServiceAccountName(c, 'sa', 'one'),
      podOverride: { serviceAccountName: 'two' },
    })).toThrow('`podOverride` sets podSpec.serviceAccountName to "two", but another prop of this construct already set it to "one".');
  });

  test.each([
    [{ securityContext: { runAsNonRoot: false } }, 'securityContext.runAsNonRoot', 'false'],
    [{ securityContext: { runAsUser: 0 } }, 'securityContext.runAsUser', '0'],
    [{ terminationGracePeriodSeconds: 0 }, 'terminationGracePeriodSeconds', '0'],
    [{ serviceAccountName: '' }, 'serviceAccountName', '""'],
  ])('zero values Seldon would ignore are refused: %j', (podOverride, path, value) => {
    expect(() => new MlServer(chart(), 'a', { podOverride })).toThrow(
      `\`podOverride\` sets \`${path}\` to ${value}, but ServerConfig "mlserver" sets it to a non-zero value and Seldon never lets a zero value from a Server replace it`);
  });

  test('non-zero values override', () => {
    const c = chart();
    new MlServer(c, 'a', { podOverride: { securityContext: { runAsUser: 2000 }, terminationGracePeriodSeconds: 300 } });
    expect(spec(c).podSpec).toEqual({ securityContext: { runAsUser: 2000 }, terminationGracePeriodSeconds: 300 });
  });

  test('an init container named like a container is refused', () => {
    expect(() => new MlServer(chart(), 'a', { podOverride: { initContainers: [{ name: 'agent', image: 'x' }] } })).toThrow(
      '`podOverride.initContainers[0]` adds init container "agent", but the pod already has a container of that name.');
  });

  test('an init container without an image is refused', () => {
    expect(() => new MlServer(chart(), 'a', { podOverride: { initContainers: [{ name: 'warmup' }] } })).toThrow(
      '`podOverride.initContainers[0]` adds init container "warmup" without an image.');
  });

  test('a port that clashes with the container being patched is refused', () => {
    expect(() => new MlServer(chart(), 'a', { podOverride: { containers: [{ name: 'mlserver', ports: [{ containerPort: 8082, name: 'metrics-2' }] }] } })).toThrow(
      'adds port 8082 to container "mlserver", but container "mlserver" already listens on it');
  });
});

describe('typed server constructs check their ServerConfig type', () => {
  test('MlServer refuses a Triton ServerConfig', () => {
    expect(() => new MlServer(chart(), 'a', { serverConfig: ServerConfig.TRITON })).toThrow(
      'MlServer "a" at \'test/a\': `serverConfig` is ServerConfig "triton", which runs triton; a MlServer needs one that runs mlserver. Use TritonServer, or Server for any ServerConfig.');
  });

  test('TritonServer refuses an MLServer ServerConfig', () => {
    expect(() => new TritonServer(new App(), 'b', { serverConfig: ServerConfig.fromName('mlserver-llm') })).toThrow(
      'TritonServer "b" at \'b\': `serverConfig` is ServerConfig "mlserver-llm", which runs mlserver; a TritonServer needs one that runs triton. Use MlServer');
  });

  test('TritonServer accepts another Triton ServerConfig', () => {
    const c = chart();
    new TritonServer(c, 'a', { serverConfig: ServerConfig.fromName('triton-cuda12', { serverType: ServerType.TRITON }) });
    expect(spec(c)).toEqual({ serverConfig: 'triton-cuda12' });
  });
});
