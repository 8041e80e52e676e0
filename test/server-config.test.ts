import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, Duration, JsonPatch, Size } from 'cdk8s';
import { Cpu, EnvValue, Secret } from 'cdk8s-plus-27';
import { MlServer, Server, ServerConfig, ServerConfigProps, ServerType, TritonServer } from '../src';
import { chart, only, synth } from './util/synth';
import * as builtin from '../src/rules/builtin-server-configs';

/**
 * Facts of Seldon's built-in ServerConfigs, written out here from the research notes
 * (shared/notes/seldon-v2.md §3, Seldon Core 2 at commit 7b77f8b) rather than taken from the
 * library, so a slip in the library's defaults shows up as a difference.
 */
const MLSERVER_CAPABILITIES = 'mlserver,alibi-detect,alibi-explain,huggingface,lightgbm,mlflow,python,sklearn,spark-mlib,xgboost';
const TRITON_CAPABILITIES = 'triton,dali,fil,onnx,openvino,python,pytorch,tensorflow,tensorrt';
const DRAIN_HOOK = { preStop: { httpGet: { path: 'terminate', port: 9007 } } };

type Json = { [key: string]: any };

/** Synthesizes one ServerConfig (validated against the CRD) and indexes its containers by name. */
function synthConfig(props: Partial<ServerConfigProps> = {}, id = 'custom') {
  const c = chart('models');
  const serverConfig = new ServerConfig(c, id, { serverType: ServerType.MLSERVER, ...props });
  const manifest = only(synth(c), 'ServerConfig');
  const containers: { [name: string]: Json } = Object.fromEntries(manifest.spec.podSpec.containers.map((x: Json) => [x.name, x]));
  return { serverConfig, manifest, spec: manifest.spec, pod: manifest.spec.podSpec, containers };
}

function envOf(container: Json): { [name: string]: Json } {
  return Object.fromEntries(container.env.map((e: Json) => [e.name, e.valueFrom ?? e.value]));
}

function newConfig(props: Partial<ServerConfigProps>, id = 'custom'): ServerConfig {
  return new ServerConfig(chart(), id, { serverType: ServerType.MLSERVER, ...props });
}

describe('defaults reproduce Seldon\'s built-in ServerConfigs', () => {
  test.each([ServerType.MLSERVER, ServerType.TRITON])('%s: pod settings, model volume claim and the two config volumes', serverType => {
    const { manifest, spec, pod } = synthConfig({ serverType }, serverType);
    expect(manifest.metadata).toEqual({ name: serverType, namespace: 'seldon-mesh' });
    expect(pod.serviceAccountName).toBe('seldon-server');
    expect(pod.terminationGracePeriodSeconds).toBe(120);
    expect(pod.securityContext).toEqual({ fsGroup: 1000, runAsGroup: 1000, runAsNonRoot: true, runAsUser: 1000 });
    expect(spec.volumeClaimTemplates).toEqual([{
      name: `${serverType}-models`,
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
    }]);
    expect(pod.volumes).toEqual(expect.arrayContaining([
      { name: 'config-volume', configMap: { name: 'seldon-agent' } },
      { name: 'tracing-config-volume', configMap: { name: 'seldon-tracing' } },
    ]));
    expect(pod.containers.map((c: Json) => c.name)).toEqual(['rclone', 'agent', serverType]);
    for (const container of pod.containers) {
      expect(container.lifecycle).toEqual(DRAIN_HOOK);
      expect(container.imagePullPolicy).toBe('IfNotPresent');
    }
  });

  test.each([ServerType.MLSERVER, ServerType.TRITON])('%s: the rclone container', serverType => {
    const rclone = synthConfig({ serverType }, serverType).containers.rclone;
    expect(rclone.image).toBe('docker.io/seldonio/seldon-rclone:latest');
    expect([...rclone.command, ...rclone.args].join(' '))
      .toBe('rclone rcd --rc-no-auth --config=/rclone/rclone.conf --rc-addr=0.0.0.0:5572 --max-buffer-memory=$(MAX_BUFFER_MEMORY)');
    expect(envOf(rclone)).toEqual({ RCLONE_LOG_LEVEL: 'INFO', MAX_BUFFER_MEMORY: '64M' });
    expect(rclone.ports).toEqual([{ name: 'rclone', containerPort: 5572, protocol: 'TCP' }]);
    expect(rclone.readinessProbe.tcpSocket).toEqual({ port: 5572 });
    expect(rclone.livenessProbe.exec.command).toEqual(['rclone', 'rc', 'rc/noop']);
    expect(rclone.resources).toEqual({ requests: { cpu: '50m', memory: '128Mi' }, limits: { memory: '256Mi' } });
    expect(rclone.volumeMounts).toEqual([{ name: `${serverType}-models`, mountPath: '/mnt/agent' }]);
  });

  test.each([ServerType.MLSERVER, ServerType.TRITON])('%s: the agent container', serverType => {
    const agent = synthConfig({ serverType }, serverType).containers.agent;
    expect(agent.image).toBe('docker.io/seldonio/seldon-agent:latest');
    expect([...agent.command, ...agent.args]).toEqual(['/bin/agent', '--tracing-config-path=/mnt/tracing/tracing.json']);
    expect(agent.ports).toEqual([
      { name: 'grpc', containerPort: 9501, protocol: 'TCP' },
      { name: 'http', containerPort: 9001, protocol: 'TCP' },
      { name: 'metrics', containerPort: 9006, protocol: 'TCP' },
      { name: 'readiness-port', containerPort: 9008 },
    ]);
    expect(agent.readinessProbe).toEqual({ httpGet: { path: '/ready', port: 9008 }, failureThreshold: 1, periodSeconds: 5 });
    expect(agent.startupProbe).toEqual({ httpGet: { path: '/ready', port: 9008 }, failureThreshold: 60, periodSeconds: 15 });
    expect(agent.resources).toEqual({ requests: { cpu: '200m', memory: '1Gi' }, limits: { memory: '1Gi' } });
    expect(agent.volumeMounts).toEqual([
      { name: `${serverType}-models`, mountPath: '/mnt/agent' },
      { name: 'config-volume', mountPath: '/mnt/config' },
      { name: 'tracing-config-volume', mountPath: '/mnt/tracing' },
    ]);
    expect(envOf(agent)).toMatchObject({
      SELDON_SERVER_CAPABILITIES: serverType === ServerType.MLSERVER ? MLSERVER_CAPABILITIES : TRITON_CAPABILITIES,
      SELDON_SERVER_TYPE: serverType,
      MEMORY_REQUEST: { resourceFieldRef: { containerName: serverType, resource: 'requests.memory' } },
      SELDON_OVERCOMMIT_PERCENTAGE: '10',
      SELDON_SERVER_HTTP_PORT: '9000',
      SELDON_SERVER_GRPC_PORT: '9500',
      SELDON_REVERSE_PROXY_HTTP_PORT: '9001',
      SELDON_REVERSE_PROXY_GRPC_PORT: '9501',
      SELDON_SCHEDULER_HOST: 'seldon-scheduler',
      SELDON_SCHEDULER_PORT: '9005',
      SELDON_METRICS_PORT: '9006',
      SELDON_DRAINER_PORT: '9007',
      SELDON_READINESS_PORT: '9008',
      SELDON_MODEL_INFERENCE_LAG_THRESHOLD: '30',
      SELDON_MODEL_INACTIVE_SECONDS_THRESHOLD: '600',
      SELDON_SCALING_STATS_PERIOD_SECONDS: '20',
      SELDON_MAX_LOAD_ELAPSED_TIME_MINUTES: '120',
      SELDON_MAX_UNLOAD_ELAPSED_TIME_MINUTES: '15',
      SELDON_MAX_LOAD_RETRY_COUNT: '5',
      SELDON_MAX_UNLOAD_RETRY_COUNT: '1',
      SELDON_UNLOAD_GRACE_PERIOD_SECONDS: '2',
      SELDON_USE_DEPLOYMENTS_FOR_SERVERS: 'false',
      CONTROL_PLANE_SECURITY_PROTOCOL: 'PLAINTEXT',
      ENVOY_SECURITY_PROTOCOL: 'PLAINTEXT',
      POD_NAME: { fieldRef: { fieldPath: 'metadata.name' } },
      POD_NAMESPACE: { fieldRef: { fieldPath: 'metadata.namespace' } },
    });
    expect(new Set(agent.env.map((e: Json) => e.name)).size).toBe(agent.env.length);
  });

  test('only the mlserver agent sets the scheduler TLS port, the envoy address and the tracing server', () => {
    const mlserver = envOf(synthConfig({ serverType: ServerType.MLSERVER }).containers.agent);
    const triton = envOf(synthConfig({ serverType: ServerType.TRITON }).containers.agent);
    expect(mlserver).toMatchObject({
      SELDON_SCHEDULER_TLS_PORT: '9055', SELDON_ENVOY_HOST: 'seldon-mesh', SELDON_ENVOY_PORT: '80', MLSERVER_TRACING_SERVER: 'seldon-collector.seldon-mesh:4317',
    });
    for (const name of ['SELDON_SCHEDULER_TLS_PORT', 'SELDON_ENVOY_HOST', 'SELDON_ENVOY_PORT', 'MLSERVER_TRACING_SERVER']) {
      expect(triton[name]).toBeUndefined();
    }
  });

  test.each([[ServerType.MLSERVER, 8082], [ServerType.TRITON, 8002]])('%s: ports, probes and resources of the inference server container', (serverType, metricsPort) => {
    const server = synthConfig({ serverType }, serverType).containers[serverType];
    expect(server.ports).toEqual([
      { name: 'server-grpc', containerPort: 9500, protocol: 'TCP' },
      { name: 'server-http', containerPort: 9000, protocol: 'TCP' },
      { name: 'server-metrics', containerPort: metricsPort },
    ]);
    const live = { httpGet: { path: '/v2/health/live', port: 'server-http' } };
    expect(server.livenessProbe).toEqual(live);
    expect(server.readinessProbe).toEqual({ ...live, initialDelaySeconds: 5, periodSeconds: 5 });
    expect(server.startupProbe).toEqual({ ...live, failureThreshold: 10, periodSeconds: 10 });
    expect(server.resources).toEqual({ requests: { cpu: '100m', memory: '1Gi' }, limits: { memory: '1Gi' } });
  });

  test('mlserver: the inference server container', () => {
    const { containers, pod } = synthConfig({ serverType: ServerType.MLSERVER });
    const mlserver = containers.mlserver;
    expect(mlserver.image).toBe('docker.io/seldonio/mlserver:1.7.1');
    expect(mlserver.command).toBeUndefined();
    expect(mlserver.args).toBeUndefined();
    expect(envOf(mlserver)).toEqual({
      MLSERVER_HTTP_PORT: '9000',
      MLSERVER_GRPC_PORT: '9500',
      MLSERVER_MODELS_DIR: '/mnt/agent/models',
      MLSERVER_PARALLEL_WORKERS: '1',
      MLSERVER_LOAD_MODELS_AT_STARTUP: 'false',
      MLSERVER_GRPC_MAX_MESSAGE_LENGTH: '1048576000',
      MLSERVER_DEBUG: 'false',
    });
    expect(mlserver.volumeMounts).toEqual([
      { name: 'mlserver-models', mountPath: '/mnt/agent', readOnly: true },
      { name: 'downstream-ca-certs', mountPath: '/mnt/certs', readOnly: true },
    ]);
    expect(pod.volumes).toContainEqual({ name: 'downstream-ca-certs', secret: { secretName: 'seldon-downstream-server', optional: true } });
    expect(pod.volumes).toHaveLength(3);
  });

  test('triton: the inference server container', () => {
    const { containers, pod } = synthConfig({ serverType: ServerType.TRITON });
    const triton = containers.triton;
    expect(triton.image).toBe('nvcr.io/nvidia/tritonserver:23.03-py3');
    expect(triton.command).toEqual(['bash']);
    expect(triton.args).toEqual(['-c', 'tritonserver --model-repository=$(SERVER_MODELS_DIR) --http-port=$(SERVER_HTTP_PORT) --grpc-port=$(SERVER_GRPC_PORT) '
      + '--log-verbose=1 --model-control-mode=explicit --backend-config=python,shm-default-byte-size=16777216']);
    expect(envOf(triton)).toEqual({
      SERVER_HTTP_PORT: '9000',
      SERVER_GRPC_PORT: '9500',
      SERVER_MODELS_DIR: '/mnt/agent/models',
      LD_PRELOAD: '/usr/lib/x86_64-linux-gnu/libtcmalloc.so.4',
    });
    expect(triton.volumeMounts).toEqual([
      { name: 'triton-models', mountPath: '/mnt/agent', readOnly: true },
      { name: 'dshm', mountPath: '/dev/shm', readOnly: false },
    ]);
    expect(pod.volumes).toContainEqual({ name: 'dshm', emptyDir: { medium: 'Memory', sizeLimit: '256Mi' } });
    expect(pod.volumes).toHaveLength(3);
  });

  test('the docs of the props state the defaults the construct applies', () => {
    const source = fs.readFileSync(path.join(__dirname, '..', 'src', 'server-config.ts'), 'utf-8');
    for (const fact of [
      `"${builtin.DEFAULT_MLSERVER_IMAGE}" for MLServer, "${builtin.DEFAULT_TRITON_IMAGE}" for Triton`,
      `@default "${builtin.DEFAULT_AGENT_IMAGE}"`,
      `@default "${builtin.DEFAULT_RCLONE_IMAGE}"`,
      `for MLServer: ${builtin.MLSERVER_CAPABILITIES.join(', ')}; for Triton: ${builtin.TRITON_CAPABILITIES.join(', ')}`,
      `@default [${builtin.DEFAULT_TRITON_ARGS.map(a => JSON.stringify(a)).join(', ')}]`,
      `@default "${builtin.DEFAULT_TRITON_PROGRAM}"`,
      `@default Duration.seconds(${builtin.DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS})`,
      `@default Size.gibibytes(${builtin.DEFAULT_MODEL_VOLUME_SIZE.replace('Gi', '')})`,
      `@default ${builtin.DEFAULT_OVERCOMMIT_PERCENTAGE}`,
      `commit ${builtin.SELDON_DEFAULTS_COMMIT.slice(0, 7)}`,
    ]) {
      expect(source).toContain(fact);
    }
  });

  test('the built-in ServerConfigs are stable (snapshot)', () => {
    expect(synthConfig({ serverType: ServerType.MLSERVER }, 'mlserver').manifest).toMatchSnapshot();
    expect(synthConfig({ serverType: ServerType.TRITON }, 'triton').manifest).toMatchSnapshot();
  });
});

describe('profile', () => {
  test.each([
    [ServerType.MLSERVER, ServerConfig.MLSERVER],
    [ServerType.TRITON, ServerConfig.TRITON],
  ])('a %s ServerConfig with defaults has exactly the profile of the built-in one', (serverType, reference) => {
    expect(newConfig({ serverType }, serverType).profile).toEqual(reference.profile);
  });

  test('the built-in profiles state what Servers are checked against', () => {
    const profile = ServerConfig.MLSERVER.profile;
    expect(profile.serverType).toBe(ServerType.MLSERVER);
    expect(profile.serverContainerName).toBe('mlserver');
    expect(profile.capabilities).toEqual(MLSERVER_CAPABILITIES.split(','));
    expect(profile.memoryRequest?.toMebibytes()).toBe(1024);
    expect(profile.memoryOvercommitPercentage).toBe(10);
    expect(profile.volumeNames?.sort()).toEqual(['config-volume', 'downstream-ca-certs', 'mlserver-models', 'tracing-config-volume']);
    expect(profile.nonZeroPodFields).toEqual([
      'securityContext.fsGroup', 'securityContext.runAsGroup', 'securityContext.runAsNonRoot', 'securityContext.runAsUser',
      'serviceAccountName', 'terminationGracePeriodSeconds',
    ]);
    const agent = profile.containers.find(c => c.name === 'agent')!;
    expect(agent.portNames).toEqual(['grpc', 'http', 'metrics', 'readiness-port']);
    expect(agent.portNumbers?.sort()).toEqual([9001, 9006, 9007, 9008, 9501]);
    expect(agent.mountPaths).toEqual(['/mnt/agent', '/mnt/config', '/mnt/tracing']);
    expect(ServerConfig.TRITON.profile.containers.map(c => c.name)).toEqual(['rclone', 'agent', 'triton']);
    expect(ServerConfig.TRITON.profile.capabilities).toEqual(TRITON_CAPABILITIES.split(','));
  });

  test('is read from what the ServerConfig synthesizes', () => {
    const { serverConfig } = synthConfig({
      serverType: ServerType.TRITON,
      serverContainerName: 'inference',
      capabilities: ['triton', 'onnx', 'gpu'],
      memoryOvercommitPercentage: 0,
      resources: { memory: { request: Size.gibibytes(16), limit: Size.gibibytes(16) } },
      gpus: 2,
      volumes: [{ name: 'cache', emptyDir: {} }],
      volumeMounts: [{ volume: 'cache', path: '/cache' }],
      nodeSelector: { pool: 'gpu' },
    });
    const profile = serverConfig.profile;
    expect(profile.serverType).toBe(ServerType.TRITON);
    expect(profile.serverContainerName).toBe('inference');
    expect(profile.capabilities).toEqual(['triton', 'onnx', 'gpu']);
    expect(profile.memoryRequest?.toGibibytes()).toBe(16);
    expect(profile.memoryOvercommitPercentage).toBe(0);
    expect(profile.volumeNames).toContain('cache');
    const inference = profile.containers.find(c => c.name === 'inference')!;
    expect(inference.mountPaths).toEqual(['/mnt/agent', '/dev/shm', '/cache']);
    expect(inference.requests).toEqual({ 'cpu': '100m', 'memory': '16Gi', 'nvidia.com/gpu': '2' });
    expect(inference.limits).toEqual({ 'memory': '16Gi', 'nvidia.com/gpu': '2' });
    expect(profile.nonZeroPodFields).not.toContain('nodeSelector.pool');
  });
});

describe('props', () => {
  test('name is the construct id, namespace the operator\'s and not the chart\'s', () => {
    const { manifest, serverConfig } = synthConfig({}, 'mlserver-llm');
    expect(manifest.metadata).toEqual({ name: 'mlserver-llm', namespace: 'seldon-mesh' });
    expect(serverConfig.name).toBe('mlserver-llm');
    expect(serverConfig.namespace).toBe('seldon-mesh');
    expect(ServerConfig.GVK).toEqual({ apiVersion: 'mlops.seldon.io/v1alpha1', kind: 'ServerConfig' });
  });

  test('metadata sets name, namespace, and the labels and annotations Seldon puts on the pods', () => {
    const { manifest } = synthConfig({
      metadata: { name: 'mlserver-gpu', namespace: 'seldon-system', labels: { team: 'ml' }, annotations: { 'k8s.v1.cni.cncf.io/networks': 'fast' } },
    });
    expect(manifest.metadata).toEqual({
      name: 'mlserver-gpu', namespace: 'seldon-system', labels: { team: 'ml' }, annotations: { 'k8s.v1.cni.cncf.io/networks': 'fast' },
    });
  });

  test('images of the three containers', () => {
    const { containers } = synthConfig({ image: 'example.com/mlserver:2.0', agentImage: 'docker.io/seldonio/seldon-agent:2.10.1', rcloneImage: 'docker.io/seldonio/seldon-rclone:2.10.1' });
    expect(containers.mlserver.image).toBe('example.com/mlserver:2.0');
    expect(containers.agent.image).toBe('docker.io/seldonio/seldon-agent:2.10.1');
    expect(containers.rclone.image).toBe('docker.io/seldonio/seldon-rclone:2.10.1');
  });

  test('capabilities and overcommit are written to the agent', () => {
    const agent = envOf(synthConfig({ capabilities: ['mlserver', 'huggingface', 'llm'], memoryOvercommitPercentage: 25 }).containers.agent);
    expect(agent.SELDON_SERVER_CAPABILITIES).toBe('mlserver,huggingface,llm');
    expect(agent.SELDON_OVERCOMMIT_PERCENTAGE).toBe('25');
  });

  test('a renamed server container keeps MEMORY_REQUEST pointing at it', () => {
    const { containers } = synthConfig({ serverContainerName: 'llm' });
    expect(containers.llm).toBeDefined();
    expect(envOf(containers.agent).MEMORY_REQUEST).toEqual({ resourceFieldRef: { containerName: 'llm', resource: 'requests.memory' } });
  });

  test('each resource set replaces Seldon\'s request and limit for it; the others stay', () => {
    const cpuOnly = synthConfig({ resources: { cpu: { request: Cpu.units(2), limit: Cpu.units(4) } } }).containers.mlserver.resources;
    expect(cpuOnly).toEqual({ requests: { cpu: '2', memory: '1Gi' }, limits: { cpu: '4', memory: '1Gi' } });
    const memoryRequestOnly = synthConfig({ resources: { memory: { request: Size.gibibytes(8) } } }).containers.mlserver.resources;
    expect(memoryRequestOnly).toEqual({ requests: { cpu: '100m', memory: '8Gi' } });
    const withStorage = synthConfig({ resources: { ephemeralStorage: { request: Size.gibibytes(10) } } }).containers.mlserver.resources;
    expect(withStorage).toEqual({ requests: { 'cpu': '100m', 'memory': '1Gi', 'ephemeral-storage': '10Gi' }, limits: { memory: '1Gi' } });
  });

  test('gpus are requested and limited on the server container only', () => {
    const { containers } = synthConfig({ serverType: ServerType.TRITON, gpus: 1 });
    expect(containers.triton.resources).toEqual({ requests: { 'cpu': '100m', 'memory': '1Gi', 'nvidia.com/gpu': 1 }, limits: { 'memory': '1Gi', 'nvidia.com/gpu': 1 } });
    expect(JSON.stringify(containers.agent.resources)).not.toContain('nvidia');
  });

  test('model volume size and storage class', () => {
    const { spec } = synthConfig({ modelVolumeSize: Size.gibibytes(50), modelVolumeStorageClass: 'premium-rwo' });
    expect(spec.volumeClaimTemplates).toEqual([{
      name: 'mlserver-models',
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '50Gi' } }, storageClassName: 'premium-rwo' },
    }]);
  });

  test('env replaces the value of a variable Seldon sets and adds the others in name order', () => {
    const { containers } = synthConfig({ env: { MLSERVER_PARALLEL_WORKERS: EnvValue.fromValue('4'), HF_HOME: EnvValue.fromValue('/cache/hf'), A_FIRST: EnvValue.fromValue('1') } });
    const names = containers.mlserver.env.map((e: Json) => e.name);
    expect(names.filter((n: string) => n === 'MLSERVER_PARALLEL_WORKERS')).toHaveLength(1);
    expect(envOf(containers.mlserver).MLSERVER_PARALLEL_WORKERS).toBe('4');
    expect(names.slice(-2)).toEqual(['A_FIRST', 'HF_HOME']);
  });

  test('agentEnv changes the agent\'s tuning variables', () => {
    const { containers } = synthConfig({ agentEnv: { SELDON_LOG_LEVEL: EnvValue.fromValue('debug'), SELDON_MAX_LOAD_ELAPSED_TIME_MINUTES: EnvValue.fromValue('240') } });
    const agent = envOf(containers.agent);
    expect(agent.SELDON_LOG_LEVEL).toBe('debug');
    expect(agent.SELDON_MAX_LOAD_ELAPSED_TIME_MINUTES).toBe('240');
    expect(containers.agent.env.filter((e: Json) => e.name === 'SELDON_LOG_LEVEL')).toHaveLength(1);
  });

  test('extra volumes and mounts, in the server container unless a mount names another', () => {
    const { pod, containers } = synthConfig({
      volumes: [{ name: 'hf-cache', emptyDir: { sizeLimit: { value: '20Gi' } as any } }, { name: 'models-pvc', persistentVolumeClaim: { claimName: 'models' } }],
      volumeMounts: [
        { volume: 'hf-cache', path: '/cache/' },
        { volume: 'models-pvc', path: '/var/models', container: 'rclone', readOnly: true },
        { volume: 'config-volume', path: '/etc/seldon-agent', container: 'mlserver', subPath: 'agent.yaml' },
      ],
    });
    expect(pod.volumes.map((v: Json) => v.name)).toEqual(['downstream-ca-certs', 'config-volume', 'tracing-config-volume', 'hf-cache', 'models-pvc']);
    expect(containers.mlserver.volumeMounts.slice(2)).toEqual([
      { name: 'hf-cache', mountPath: '/cache' },
      { name: 'config-volume', mountPath: '/etc/seldon-agent', subPath: 'agent.yaml' },
    ]);
    expect(containers.rclone.volumeMounts[1]).toEqual({ name: 'models-pvc', mountPath: '/var/models', readOnly: true });
  });

  test('placement, pull secrets and grace period', () => {
    const c = chart();
    const secret = Secret.fromSecretName(c, 'Pull', 'nvcr-pull');
    new ServerConfig(c, 'triton-gpu', {
      serverType: ServerType.TRITON,
      nodeSelector: { 'cloud.google.com/gke-accelerator': 'nvidia-l4' },
      tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'gpu', operator: 'In', values: ['l4', 'a100'] }] }] } } },
      imagePullSecrets: [secret],
      terminationGracePeriod: Duration.minutes(5),
    });
    const pod = only(synth(c), 'ServerConfig').spec.podSpec;
    expect(pod.nodeSelector).toEqual({ 'cloud.google.com/gke-accelerator': 'nvidia-l4' });
    expect(pod.tolerations).toEqual([{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }]);
    expect(pod.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values).toEqual(['l4', 'a100']);
    expect(pod.imagePullSecrets).toEqual([{ name: 'nvcr-pull' }]);
    expect(pod.terminationGracePeriodSeconds).toBe(300);
  });

  test('triton command line: another program and other arguments, keeping what the agent needs', () => {
    const { containers } = synthConfig({
      serverType: ServerType.TRITON,
      serverCommand: '/opt/tritonserver/bin/tritonserver',
      serverArgs: ['--log-verbose=0', '--cuda-memory-pool-byte-size=0:268435456', '--log-format=ISO 8601', 'it\'s'],
    });
    expect(containers.triton.command).toEqual(['bash']);
    expect(containers.triton.args).toEqual(['-c', '/opt/tritonserver/bin/tritonserver --model-repository=$(SERVER_MODELS_DIR) --http-port=$(SERVER_HTTP_PORT) '
      + '--grpc-port=$(SERVER_GRPC_PORT) --log-verbose=0 --cuda-memory-pool-byte-size=0:268435456 \'--log-format=ISO 8601\' \'it\'\\\'\'s\' --model-control-mode=explicit']);
  });

  test('triton arguments that keep explicit model control are not given it twice', () => {
    const { containers } = synthConfig({ serverType: ServerType.TRITON, serverArgs: ['--model-control-mode=explicit', '--log-verbose=0'] });
    expect(containers.triton.args[1].match(/--model-control-mode/g)).toHaveLength(1);
    expect(containers.triton.args[1]).toMatch(/--model-control-mode=explicit --log-verbose=0$/);
  });

  test('the escape hatch reaches the ServerConfig object', () => {
    const c = chart();
    const serverConfig = new ServerConfig(c, 'patched', { serverType: ServerType.MLSERVER });
    const apiObject = ApiObject.of(serverConfig);
    expect(apiObject.kind).toBe('ServerConfig');
    apiObject.addJsonPatch(JsonPatch.add('/spec/podSpec/priorityClassName', 'inference'));
    expect(only(synth(c), 'ServerConfig').spec.podSpec.priorityClassName).toBe('inference');
  });
});

describe('props that would break what Seldon depends on are refused', () => {
  const where = (name = 'custom') => `ServerConfig "${name}" at 'test/${name}'`;

  test('a name that is not a Kubernetes object name', () => {
    expect(() => newConfig({}, 'GPU_Config')).toThrow(`${where('GPU_Config')}: \`metadata.name\` "GPU_Config" (taken from the construct id; set \`metadata.name\` to choose another) `
      + 'must be a lowercase DNS subdomain (letters, digits, "-" and "."), as Kubernetes requires of object names.');
    expect(() => newConfig({ metadata: { name: 'a b' } })).toThrow(/`metadata.name` "a b" must be a lowercase DNS subdomain/);
  });

  test('a namespace that is not a namespace name', () => {
    expect(() => newConfig({ metadata: { namespace: 'Seldon Mesh' } })).toThrow(`${where()}: \`metadata.namespace\` is "Seldon Mesh", which is not a namespace name (a lowercase DNS label). `
      + 'Give the namespace Seldon\'s operator runs in (usually seldon-mesh).');
  });

  test('a server type the agent does not know', () => {
    expect(() => newConfig({ serverType: 'vllm' as ServerType })).toThrow(`${where()}: \`serverType\` is "vllm"; the agent understands only ServerType.MLSERVER and ServerType.TRITON.`);
  });

  test.each(['agent', 'rclone', 'Server_1'])('server container name %s', name => {
    expect(() => newConfig({ serverContainerName: name })).toThrow(`${where()}: \`serverContainerName\` is "${name}"; it must be a lowercase DNS label other than "agent" and "rclone", `
      + 'which name the other two containers.');
  });

  test.each(['image', 'agentImage', 'rcloneImage'])('%s with blanks', prop => {
    expect(() => newConfig({ [prop]: 'seldonio/mlserver 1.7' })).toThrow(`${where()}: \`${prop}\` must be an image reference without spaces, got "seldonio/mlserver 1.7".`);
  });

  test.each([
    [[], 'is an empty list; leave it unset instead'],
    [['sklearn,xgboost'], 'contains "sklearn,xgboost": Seldon joins capabilities with commas, so it would advertise "sklearn" and "xgboost"; list them separately'],
    [['sklearn', 'sklearn'], 'lists "sklearn" twice'],
    [[' '], 'contains a blank capability " "'],
  ])('capabilities %j', (capabilities, problem) => {
    expect(() => newConfig({ capabilities })).toThrow(`${where()}: \`capabilities\` ${problem}.`);
  });

  test.each([-1, 2.5])('overcommit %d', value => {
    expect(() => newConfig({ memoryOvercommitPercentage: value })).toThrow(`${where()}: \`memoryOvercommitPercentage\` must be a whole number of percent, 0 or more, got ${value}.`);
  });

  test.each([0, 1.5])('gpus %d', gpus => {
    expect(() => newConfig({ serverType: ServerType.TRITON, gpus })).toThrow(`${where()}: \`gpus\` must be a positive whole number of GPUs, got ${gpus}. Leave it unset for a server without GPUs.`);
  });

  test('a memory size that is not a whole number of bytes', () => {
    expect(() => newConfig({ resources: { memory: { request: Size.kibibytes(0.0001) } } })).toThrow(`${where()}: \`resources.memory.request\` is 0.0001Ki, which is not a whole number of bytes.`);
  });

  test('memory without a request, which MEMORY_REQUEST reads', () => {
    expect(() => newConfig({ resources: { memory: { limit: Size.gibibytes(4) } } })).toThrow(`${where()}: \`resources.memory\` sets no request. The agent sizes each replica for model placement `
      + 'from the server container\'s memory request (MEMORY_REQUEST points at it); set `resources.memory.request`.');
  });

  test('a request above its limit', () => {
    expect(() => newConfig({ resources: { memory: { request: Size.gibibytes(8), limit: Size.gibibytes(4) } } }))
      .toThrow(`${where()}: \`resources\` gives container "mlserver" a memory request of 8Gi, above its limit of 4Gi. Kubernetes rejects such pods. Raise the limit.`);
  });

  test('an environment variable name Kubernetes rejects', () => {
    expect(() => newConfig({ env: { 'A=B': EnvValue.fromValue('1') } })).toThrow(`${where()}: \`env\` has environment variable name "A=B"; names must be non-empty and contain no "=".`);
  });

  test.each([
    [ServerType.MLSERVER, 'MLSERVER_HTTP_PORT', 'the agent proxies HTTP requests to port 9000'],
    [ServerType.MLSERVER, 'MLSERVER_GRPC_PORT', 'the agent proxies gRPC requests to port 9500'],
    [ServerType.MLSERVER, 'MLSERVER_MODELS_DIR', 'the agent puts the models it loads into /mnt/agent/models'],
    [ServerType.MLSERVER, 'MLSERVER_LOAD_MODELS_AT_STARTUP', 'the agent decides which models are loaded'],
    [ServerType.MLSERVER, 'SELDON_SERVER_CAPABILITIES', 'set `capabilities` instead; Seldon rewrites that variable in every container'],
    [ServerType.TRITON, 'SERVER_HTTP_PORT', 'the agent proxies HTTP requests to port 9000'],
    [ServerType.TRITON, 'SERVER_GRPC_PORT', 'the agent proxies gRPC requests to port 9500'],
    [ServerType.TRITON, 'SERVER_MODELS_DIR', 'the agent puts the models it loads into /mnt/agent/models'],
  ])('%s env %s', (serverType, name, why) => {
    expect(() => newConfig({ serverType, env: { [name]: EnvValue.fromValue('x') } }))
      .toThrow(`${where()}: \`env\` sets ${name} on container "${serverType}", which Seldon depends on: ${why}. Remove it.`);
  });

  test.each([
    ['SELDON_SERVER_CAPABILITIES', 'set `capabilities` instead'],
    ['SELDON_SERVER_TYPE', 'set `serverType` instead'],
    ['MEMORY_REQUEST', 'it is generated from `serverContainerName` and the memory request in `resources`'],
    ['SELDON_OVERCOMMIT_PERCENTAGE', 'set `memoryOvercommitPercentage` instead'],
    ['POD_NAME', 'the agent derives the server name and replica index from it'],
    ['POD_NAMESPACE', 'the agent reads its namespace from it'],
    ['SELDON_SERVER_HTTP_PORT', 'the server container listens on that port'],
    ['SELDON_SERVER_GRPC_PORT', 'the server container listens on that port'],
    ['SELDON_REVERSE_PROXY_HTTP_PORT', 'Seldon\'s per-replica Service sends HTTP traffic to the agent port named "http"'],
    ['SELDON_REVERSE_PROXY_GRPC_PORT', 'Seldon\'s per-replica Service sends gRPC traffic to the agent port named "grpc"'],
    ['SELDON_METRICS_PORT', 'the agent port named "metrics" is that port'],
    ['SELDON_DRAINER_PORT', 'the preStop drain hooks of every container call port 9007'],
    ['SELDON_READINESS_PORT', 'the agent\'s readiness and startup probes call that port'],
  ])('agentEnv %s', (name, why) => {
    expect(() => newConfig({ agentEnv: { [name]: EnvValue.fromValue('1') } }))
      .toThrow(`${where()}: \`agentEnv\` sets ${name} on container "agent", which Seldon depends on: ${why}. Remove it.`);
  });

  test.each(['serverArgs', 'serverCommand'])('%s on an MLServer ServerConfig', prop => {
    expect(() => newConfig({ [prop]: prop === 'serverArgs' ? ['--workers=2'] : 'mlserver' }))
      .toThrow(`${where()}: \`${prop}\` is set, but an MLServer ServerConfig has no command line: MLServer runs its image's entrypoint `
        + 'and reads its settings from MLSERVER_* variables. Set them with `env` instead (for example MLSERVER_PARALLEL_WORKERS).');
  });

  test('a Triton program with arguments in it', () => {
    expect(() => newConfig({ serverType: ServerType.TRITON, serverCommand: 'tritonserver --log-verbose=0' }))
      .toThrow(`${where()}: \`serverCommand\` is "tritonserver --log-verbose=0"; give one program name or path, without blanks or shell characters, and put its arguments in \`serverArgs\`.`);
  });

  test.each([
    ['--model-repository=/models', 'the agent puts the models it loads into $(SERVER_MODELS_DIR)'],
    ['--model-store=/models', 'the agent puts the models it loads into $(SERVER_MODELS_DIR)'],
    ['--http-port=8000', 'the agent proxies HTTP requests to $(SERVER_HTTP_PORT)'],
    ['--grpc-port', 'the agent proxies gRPC requests to $(SERVER_GRPC_PORT)'],
    ['--model-control-mode=poll', 'the agent loads and unloads models through Triton\'s API, which needs --model-control-mode=explicit'],
  ])('triton argument %s', (arg, why) => {
    expect(() => newConfig({ serverType: ServerType.TRITON, serverArgs: [arg] }))
      .toThrow(`${where()}: \`serverArgs\` sets ${JSON.stringify(arg)}, which Seldon depends on: ${why}. Remove it.`);
  });

  test('an empty model volume', () => {
    expect(() => newConfig({ modelVolumeSize: Size.gibibytes(0) }))
      .toThrow(`${where()}: \`modelVolumeSize\` is 0Gi; the volume every model of a replica is downloaded into must be larger than zero.`);
  });

  test('a model volume that is not a whole number of bytes', () => {
    expect(() => newConfig({ modelVolumeSize: Size.kibibytes(0.5001) })).toThrow(`${where()}: \`modelVolumeSize\` is 0.5001Ki, which is not a whole number of bytes.`);
  });

  test('a storage class name Kubernetes rejects', () => {
    expect(() => newConfig({ modelVolumeStorageClass: 'Fast SSD' }))
      .toThrow(`${where()}: \`modelVolumeStorageClass\` is "Fast SSD", which is not a storage class name (a lowercase DNS subdomain).`);
  });

  test('a volume name Kubernetes rejects', () => {
    expect(() => newConfig({ volumes: [{ name: 'Cache' }] }))
      .toThrow(`${where()}: \`volumes[0]\` has volume name "Cache"; a volume name must be a lowercase DNS label of at most 63 characters.`);
  });

  test.each([
    [ServerType.MLSERVER, 'mlserver-models', 'downstream-ca-certs, config-volume, tracing-config-volume, mlserver-models'],
    [ServerType.MLSERVER, 'config-volume', 'downstream-ca-certs, config-volume, tracing-config-volume, mlserver-models'],
    [ServerType.TRITON, 'dshm', 'config-volume, tracing-config-volume, dshm, triton-models'],
  ])('%s: a volume named like Seldon\'s %s', (serverType, name, seldon) => {
    expect(() => newConfig({ serverType, volumes: [{ name, emptyDir: {} }] }))
      .toThrow(`${where()}: \`volumes[0]\` is named "${name}", like a volume Seldon's ServerConfig has (${seldon}). `
        + 'Choose another name; to mount that volume elsewhere, list it in `volumeMounts` only.');
  });

  test('two volumes of one name', () => {
    expect(() => newConfig({ volumes: [{ name: 'cache', emptyDir: {} }, { name: 'cache', emptyDir: {} }] }))
      .toThrow(`${where()}: \`volumes[1]\` is named "cache" like an earlier volume. Volume names must be unique in a pod.`);
  });

  test('a mount into a container the ServerConfig does not have', () => {
    expect(() => newConfig({ volumes: [{ name: 'cache', emptyDir: {} }], volumeMounts: [{ volume: 'cache', path: '/cache', container: 'agnt' }] }))
      .toThrow(`${where()}: \`volumeMounts[0]\` targets container "agnt", which the ServerConfig does not have (it has rclone, agent, mlserver). Did you mean "agent"?`);
  });

  test.each(['cache', '/'])('mount path %s', mountPath => {
    expect(() => newConfig({ volumes: [{ name: 'cache', emptyDir: {} }], volumeMounts: [{ volume: 'cache', path: mountPath }] }))
      .toThrow(`${where()}: \`volumeMounts[0]\` mounts volume "cache" at ${JSON.stringify(mountPath)}; a mount path must be absolute and below "/".`);
  });

  test.each([
    [ServerType.MLSERVER, '/mnt/agent', 'mlserver', '/mnt/agent, where Seldon mounts volume "mlserver-models" (in rclone, agent, mlserver)'],
    [ServerType.MLSERVER, '/mnt/agent/models/', 'rclone', '/mnt/agent/models, inside /mnt/agent, where Seldon mounts volume "mlserver-models" (in rclone, agent, mlserver)'],
    [ServerType.MLSERVER, '/mnt/config', 'mlserver', '/mnt/config, where Seldon mounts volume "config-volume" (in agent)'],
    [ServerType.MLSERVER, '/mnt/tracing', 'agent', '/mnt/tracing, where Seldon mounts volume "tracing-config-volume" (in agent)'],
    [ServerType.MLSERVER, '/mnt/certs', 'mlserver', '/mnt/certs, where Seldon mounts volume "downstream-ca-certs" (in mlserver)'],
    [ServerType.TRITON, '/dev/shm', 'triton', '/dev/shm, where Seldon mounts volume "dshm" (in triton)'],
  ])('%s: a mount at or below %s', (serverType, mountPath, container, clash) => {
    expect(() => newConfig({ serverType, volumes: [{ name: 'cache', emptyDir: {} }], volumeMounts: [{ volume: 'cache', path: mountPath, container }] }))
      .toThrow(`${where()}: \`volumeMounts[0]\` mounts volume "cache" at ${clash}. Choose another path.`);
  });

  test('two mounts at one path of a container', () => {
    expect(() => newConfig({
      volumes: [{ name: 'a', emptyDir: {} }, { name: 'b', emptyDir: {} }],
      volumeMounts: [{ volume: 'a', path: '/data' }, { volume: 'b', path: '/data' }],
    })).toThrow(`${where()}: \`volumeMounts[1]\` mounts volume "b" at /data in container "mlserver", where an earlier mount already is. Choose another path.`);
  });

  test('a mount of a volume the pod does not have', () => {
    expect(() => newConfig({ volumes: [{ name: 'hf-cache', emptyDir: {} }], volumeMounts: [{ volume: 'hf-cahce', path: '/cache' }] }))
      .toThrow(`${where()}: \`volumeMounts[0]\` mounts volume "hf-cahce", which the pod does not have (it has downstream-ca-certs, config-volume, tracing-config-volume, `
        + 'mlserver-models, hf-cache). Did you mean "hf-cache"? Add it with `volumes`.');
  });

  test.each([[Duration.seconds(0), 0], [Duration.millis(1500), 1.5]])('grace period %s', (terminationGracePeriod, seconds) => {
    expect(() => newConfig({ terminationGracePeriod }))
      .toThrow(`${where()}: \`terminationGracePeriod\` is ${seconds} seconds; give whole seconds, at least 1: the drain hooks need time to move the replica's models elsewhere.`);
  });
});

describe('Servers built on an authored ServerConfig', () => {
  test('know its containers, capabilities and memory capacity, and come after it in the output', () => {
    const c = chart('models');
    const llm = new ServerConfig(c, 'mlserver-llm', {
      serverType: ServerType.MLSERVER,
      capabilities: ['mlserver', 'huggingface', 'llm'],
      resources: { memory: { request: Size.gibibytes(32), limit: Size.gibibytes(32) } },
      memoryOvercommitPercentage: 0,
    });
    const server = new MlServer(c, 'llm', { serverConfig: llm, extraCapabilities: ['a100'] });
    expect(server.capabilities).toEqual(['mlserver', 'huggingface', 'llm', 'a100']);
    expect(server.memoryCapacity?.toGibibytes()).toBe(32);
    const manifests = synth(c);
    expect(manifests.map(m => m.kind)).toEqual(['ServerConfig', 'Server']);
    expect(only(manifests, 'Server').spec.serverConfig).toBe('mlserver-llm');
    expect(only(manifests, 'Server').metadata.namespace).toBe('models');
  });

  test('patch its renamed server container', () => {
    const c = chart();
    const config = new ServerConfig(c, 'triton-custom', { serverType: ServerType.TRITON, serverContainerName: 'inference' });
    new TritonServer(c, 'triton-a', { serverConfig: config, gpus: 1 });
    const server = only(synth(c), 'Server');
    expect(server.spec.podSpec.containers).toEqual([{ name: 'inference', resources: { requests: { 'nvidia.com/gpu': 1 }, limits: { 'nvidia.com/gpu': 1 } } }]);
  });

  test('are refused when they override a container it does not have', () => {
    const c = chart();
    const config = new ServerConfig(c, 'triton-custom', { serverType: ServerType.TRITON, serverContainerName: 'inference' });
    expect(() => new Server(c, 'triton-a', { serverConfig: config, podOverride: { containers: [{ name: 'triton', image: 'x' }] } }))
      .toThrow('Server "triton-a" at \'test/triton-a\': `podOverride.containers[0]` targets container "triton", which ServerConfig "triton-custom" does not have '
        + '(it has rclone, agent, inference). Seldon would add it to the pod as a new container. To add a sidecar on purpose, use `sidecars` or addSidecar().');
  });

  test('are checked against its real mounts and volumes', () => {
    const c = chart();
    const config = new ServerConfig(c, 'mlserver-cache', {
      serverType: ServerType.MLSERVER, volumes: [{ name: 'cache', emptyDir: {} }], volumeMounts: [{ volume: 'cache', path: '/cache' }],
    });
    expect(() => new MlServer(c, 'a', { serverConfig: config, volumes: [{ name: 'cache', emptyDir: {} }] }))
      .toThrow(/`volumes\[0\]` adds volume "cache", but ServerConfig "mlserver-cache" already has a volume of that name/);
    expect(() => new MlServer(c, 'b', { serverConfig: config, volumes: [{ name: 'other', emptyDir: {} }], volumeMounts: [{ volume: 'other', path: '/cache' }] }))
      .toThrow(/mounts volume "other" at \/cache in container "mlserver", where something is already mounted by ServerConfig "mlserver-cache"/);
  });

  test('of the other server type are refused by the typed server constructs', () => {
    const c = chart();
    const config = new ServerConfig(c, 'triton-gpu', { serverType: ServerType.TRITON });
    expect(() => new MlServer(c, 'wrong', { serverConfig: config }))
      .toThrow('MlServer "wrong" at \'test/wrong\': `serverConfig` is ServerConfig "triton-gpu", which runs triton; a MlServer needs one that runs mlserver. Use TritonServer, or Server for any ServerConfig.');
  });
});
