/**
 * The two ServerConfigs Seldon installs (`mlserver`, `triton`), as the `seldon-core-v2-setup` Helm
 * chart renders them with its default values at upstream commit 7b77f8b (2026-01-08; chart 0.1.0
 * in the repository, where the agent and rclone images are tagged `latest` and released charts put
 * the release tag instead). Written from those facts, not generated from Seldon's files.
 *
 * `builtinServerConfigSpec()` builds the whole spec; the profiles of `ServerConfig.MLSERVER` and
 * `ServerConfig.TRITON` and the defaults of the `ServerConfig` construct are all derived from it.
 */
import { CAPABILITIES_ENV } from './capabilities';
import {
  AGENT_CONTAINER_NAME, MEMORY_REQUEST_ENV, OVERCOMMIT_ENV, RCLONE_CONTAINER_NAME, SERVER_TYPE_ENV,
  ServerConfigProfile, ServerType, profileFromSpec,
} from './server-config-profile';

/** A JSON object as it appears in a manifest. */
type JsonObject = { [key: string]: any };

/** The upstream commit whose chart the defaults reproduce. */
export const SELDON_DEFAULTS_COMMIT = '7b77f8b78e87f6d03030174570707eee00d5202e';

/** Default images of the containers. */
export const DEFAULT_RCLONE_IMAGE = 'docker.io/seldonio/seldon-rclone:latest';
export const DEFAULT_AGENT_IMAGE = 'docker.io/seldonio/seldon-agent:latest';
export const DEFAULT_MLSERVER_IMAGE = 'docker.io/seldonio/mlserver:1.7.1';
export const DEFAULT_TRITON_IMAGE = 'nvcr.io/nvidia/tritonserver:23.03-py3';

export const MLSERVER_CAPABILITIES: readonly string[] = [
  'mlserver', 'alibi-detect', 'alibi-explain', 'huggingface', 'lightgbm', 'mlflow', 'python', 'sklearn', 'spark-mlib', 'xgboost',
];

export const TRITON_CAPABILITIES: readonly string[] = [
  'triton', 'dali', 'fil', 'onnx', 'openvino', 'python', 'pytorch', 'tensorflow', 'tensorrt',
];

/** `SELDON_OVERCOMMIT_PERCENTAGE` on the agent. */
export const DEFAULT_OVERCOMMIT_PERCENTAGE = 10;

/** Size of the model volume claim of each replica. */
export const DEFAULT_MODEL_VOLUME_SIZE = '1Gi';

/** Grace period of a server pod, which the drain hooks use to move models elsewhere. */
export const DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS = 120;

/** The service account every server pod runs as; the SeldonRuntime creates it. */
export const SERVER_SERVICE_ACCOUNT = 'seldon-server';

/**
 * Where the model volume is mounted in rclone (which downloads into it), the agent and the server
 * (which reads the models from `<path>/models`).
 */
export const MODEL_VOLUME_MOUNT_PATH = '/mnt/agent';

/** The port of the agent's drainer, which every container's preStop hook calls. */
export const DRAINER_PORT = 9007;

/**
 * Triton's arguments after `--model-repository`, `--http-port` and `--grpc-port`.
 * `--model-control-mode=explicit` must stay: the agent loads and unloads models through Triton's API.
 */
export const DEFAULT_TRITON_ARGS: readonly string[] = [
  '--log-verbose=1', '--model-control-mode=explicit', '--backend-config=python,shm-default-byte-size=16777216',
];

/** The Triton program the built-in ServerConfig runs through `bash -c`. */
export const DEFAULT_TRITON_PROGRAM = 'tritonserver';

/** The argument of `tritonserver` that the agent's model loading depends on. */
export const TRITON_EXPLICIT_MODEL_CONTROL = '--model-control-mode=explicit';

/**
 * `tritonserver` flags a ServerConfig must not change, and why: the agent writes models to the
 * repository and proxies the two ports.
 */
export const TRITON_RESERVED_FLAGS: { readonly [flag: string]: string } = {
  '--model-repository': 'the agent puts the models it loads into $(SERVER_MODELS_DIR)',
  '--model-store': 'the agent puts the models it loads into $(SERVER_MODELS_DIR)',
  '--http-port': 'the agent proxies HTTP requests to $(SERVER_HTTP_PORT)',
  '--grpc-port': 'the agent proxies gRPC requests to $(SERVER_GRPC_PORT)',
  '--model-control-mode': 'the agent loads and unloads models through Triton\'s API, which needs --model-control-mode=explicit',
};

/**
 * Environment variables of the agent a ServerConfig must not set freely, and what to do instead.
 * Seldon, the agent or the pod's other settings depend on their values.
 */
export const AGENT_RESERVED_ENV: { readonly [name: string]: string } = {
  [CAPABILITIES_ENV]: 'set `capabilities` instead',
  [SERVER_TYPE_ENV]: 'set `serverType` instead',
  [MEMORY_REQUEST_ENV]: 'it is generated from `serverContainerName` and the memory request in `resources`',
  [OVERCOMMIT_ENV]: 'set `memoryOvercommitPercentage` instead',
  POD_NAME: 'the agent derives the server name and replica index from it',
  POD_NAMESPACE: 'the agent reads its namespace from it',
  SELDON_SERVER_HTTP_PORT: 'the server container listens on that port',
  SELDON_SERVER_GRPC_PORT: 'the server container listens on that port',
  SELDON_REVERSE_PROXY_HTTP_PORT: 'Seldon\'s per-replica Service sends HTTP traffic to the agent port named "http"',
  SELDON_REVERSE_PROXY_GRPC_PORT: 'Seldon\'s per-replica Service sends gRPC traffic to the agent port named "grpc"',
  SELDON_METRICS_PORT: 'the agent port named "metrics" is that port',
  SELDON_DRAINER_PORT: `the preStop drain hooks of every container call port ${DRAINER_PORT}`,
  SELDON_READINESS_PORT: 'the agent\'s readiness and startup probes call that port',
};

/** Environment variables of the server container a ServerConfig must not set freely, and why. */
export function serverReservedEnv(serverType: ServerType): { readonly [name: string]: string } {
  const modelsDir = `the agent puts the models it loads into ${MODEL_VOLUME_MOUNT_PATH}/models`;
  const reserved: { [name: string]: string } = serverType === ServerType.TRITON
    ? {
      SERVER_HTTP_PORT: 'the agent proxies HTTP requests to port 9000',
      SERVER_GRPC_PORT: 'the agent proxies gRPC requests to port 9500',
      SERVER_MODELS_DIR: modelsDir,
    }
    : {
      MLSERVER_HTTP_PORT: 'the agent proxies HTTP requests to port 9000',
      MLSERVER_GRPC_PORT: 'the agent proxies gRPC requests to port 9500',
      MLSERVER_MODELS_DIR: modelsDir,
      MLSERVER_LOAD_MODELS_AT_STARTUP: 'the agent decides which models are loaded',
    };
  reserved[CAPABILITIES_ENV] = 'set `capabilities` instead; Seldon rewrites that variable in every container';
  return reserved;
}

/** Name of the model volume (claim template) of a ServerConfig. */
export function modelVolumeName(serverType: ServerType): string {
  return `${serverType}-models`;
}

/** The capabilities a built-in ServerConfig advertises. */
export function builtinCapabilities(serverType: ServerType): readonly string[] {
  return serverType === ServerType.TRITON ? TRITON_CAPABILITIES : MLSERVER_CAPABILITIES;
}

/**
 * The `bash -c` command line of the Triton container: the program with the flags the agent depends
 * on, then `args` (each shell-quoted when it holds anything but plain flag characters).
 */
export function tritonCommandLine(program: string, args: readonly string[]): string {
  const quote = (arg: string) => /^[A-Za-z0-9_\-=.,/:@%+]+$/.test(arg) ? arg : `'${arg.replace(/'/g, '\'\\\'\'')}'`;
  return [
    program,
    '--model-repository=$(SERVER_MODELS_DIR)',
    '--http-port=$(SERVER_HTTP_PORT)',
    '--grpc-port=$(SERVER_GRPC_PORT)',
    ...args.map(quote),
  ].join(' ');
}

/**
 * The complete spec of a built-in ServerConfig, as a fresh JSON object the caller may change.
 *
 * @param serverContainerName name of the inference server container; `MEMORY_REQUEST` on the agent
 * points at it (defaults to the server type, as in Seldon's)
 */
export function builtinServerConfigSpec(serverType: ServerType, serverContainerName: string = serverType): JsonObject {
  const modelVolume = modelVolumeName(serverType);
  const triton = serverType === ServerType.TRITON;
  const volumes: JsonObject[] = [
    { name: 'config-volume', configMap: { name: 'seldon-agent' } },
    { name: 'tracing-config-volume', configMap: { name: 'seldon-tracing' } },
  ];
  if (triton) {
    volumes.push({ name: 'dshm', emptyDir: { medium: 'Memory', sizeLimit: '256Mi' } });
  } else {
    volumes.unshift({ name: 'downstream-ca-certs', secret: { secretName: 'seldon-downstream-server', optional: true } });
  }
  return {
    podSpec: {
      containers: [
        rcloneContainer(modelVolume),
        agentContainer(serverType, serverContainerName, modelVolume),
        serverContainer(serverType, serverContainerName, modelVolume),
      ],
      securityContext: { fsGroup: 1000, runAsGroup: 1000, runAsNonRoot: true, runAsUser: 1000 },
      serviceAccountName: SERVER_SERVICE_ACCOUNT,
      terminationGracePeriodSeconds: DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS,
      volumes,
    },
    volumeClaimTemplates: [{
      name: modelVolume,
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: DEFAULT_MODEL_VOLUME_SIZE } } },
    }],
  };
}

/** The profile of a built-in ServerConfig, derived from its spec. */
export function builtinProfile(serverType: ServerType): ServerConfigProfile {
  return profileFromSpec(builtinServerConfigSpec(serverType));
}

function env(name: string, value: string): JsonObject {
  return { name, value };
}

function drainHook(): JsonObject {
  return { preStop: { httpGet: { path: 'terminate', port: DRAINER_PORT } } };
}

function resources(cpu: string, memoryRequest: string, memoryLimit: string): JsonObject {
  return { requests: { cpu, memory: memoryRequest }, limits: { memory: memoryLimit } };
}

function rcloneContainer(modelVolume: string): JsonObject {
  return {
    name: RCLONE_CONTAINER_NAME,
    image: DEFAULT_RCLONE_IMAGE,
    imagePullPolicy: 'IfNotPresent',
    command: ['rclone'],
    args: ['rcd', '--rc-no-auth', '--config=/rclone/rclone.conf', '--rc-addr=0.0.0.0:5572', '--max-buffer-memory=$(MAX_BUFFER_MEMORY)'],
    env: [env('RCLONE_LOG_LEVEL', 'INFO'), env('MAX_BUFFER_MEMORY', '64M')],
    lifecycle: drainHook(),
    ports: [{ name: 'rclone', containerPort: 5572, protocol: 'TCP' }],
    readinessProbe: {
      tcpSocket: { port: 5572 }, failureThreshold: 3, initialDelaySeconds: 5, periodSeconds: 5, successThreshold: 1, timeoutSeconds: 1,
    },
    livenessProbe: { exec: { command: ['rclone', 'rc', 'rc/noop'] } },
    resources: resources('50m', '128Mi', '256Mi'),
    volumeMounts: [{ name: modelVolume, mountPath: MODEL_VOLUME_MOUNT_PATH }],
  };
}

function agentContainer(serverType: ServerType, serverContainerName: string, modelVolume: string): JsonObject {
  const mlserver = serverType === ServerType.MLSERVER;
  const tls = [
    env('CONTROL_PLANE_SECURITY_PROTOCOL', 'PLAINTEXT'),
    env('CONTROL_PLANE_CLIENT_TLS_SECRET_NAME', 'seldon-controlplane-client'),
    env('CONTROL_PLANE_SERVER_TLS_SECRET_NAME', 'seldon-controlplane-server'),
    env('CONTROL_PLANE_CLIENT_TLS_KEY_LOCATION', '/tmp/certs/cpc/tls.key'),
    env('CONTROL_PLANE_CLIENT_TLS_CRT_LOCATION', '/tmp/certs/cpc/tls.crt'),
    env('CONTROL_PLANE_CLIENT_TLS_CA_LOCATION', '/tmp/certs/cpc/ca.crt'),
    env('CONTROL_PLANE_SERVER_TLS_CA_LOCATION', '/tmp/certs/cps/ca.crt'),
    env('ENVOY_SECURITY_PROTOCOL', 'PLAINTEXT'),
    env('ENVOY_UPSTREAM_SERVER_TLS_SECRET_NAME', 'seldon-upstream-server'),
    env('ENVOY_UPSTREAM_CLIENT_TLS_SECRET_NAME', 'seldon-upstream-client'),
    env('ENVOY_UPSTREAM_SERVER_TLS_KEY_LOCATION', '/tmp/certs/dus/tls.key'),
    env('ENVOY_UPSTREAM_SERVER_TLS_CRT_LOCATION', '/tmp/certs/dus/tls.crt'),
    env('ENVOY_UPSTREAM_SERVER_TLS_CA_LOCATION', '/tmp/certs/dus/ca.crt'),
    env('ENVOY_UPSTREAM_CLIENT_TLS_CA_LOCATION', '/tmp/certs/duc/ca.crt'),
  ];
  const agentTls = [env('AGENT_TLS_SECRET_NAME', ''), env('AGENT_TLS_FOLDER_PATH', '')];
  const scheduler = [
    env('SELDON_SCHEDULER_HOST', 'seldon-scheduler'),
    env('SELDON_SCHEDULER_PORT', '9005'),
    ...(mlserver ? [env('SELDON_SCHEDULER_TLS_PORT', '9055')] : []),
    env('SELDON_METRICS_PORT', '9006'),
    env('SELDON_DRAINER_PORT', String(DRAINER_PORT)),
    env('SELDON_READINESS_PORT', '9008'),
  ];
  // The two upstream templates list the same variables in a slightly different order, and only
  // the mlserver one sets the OpenAI conversion, the tracing server, the scheduler TLS port and
  // the envoy address.
  const envVars = [
    ...(mlserver ? [env('SELDON_CONVERT_FROM_OPENAI_API', 'true')] : []),
    env(CAPABILITIES_ENV, builtinCapabilities(serverType).join(',')),
    env('SELDON_MODEL_INFERENCE_LAG_THRESHOLD', '30'),
    env('SELDON_MODEL_INACTIVE_SECONDS_THRESHOLD', '600'),
    env('SELDON_SCALING_STATS_PERIOD_SECONDS', '20'),
    env('SELDON_MAX_TIME_READY_SUB_SERVICE_AFTER_START_SECONDS', '30'),
    env('SELDON_MAX_ELAPSED_TIME_READY_SUB_SERVICE_BEFORE_START_MINUTES', '15'),
    env('SELDON_PERIOD_READY_SUB_SERVICE_SECONDS', '60'),
    env('SELDON_MAX_LOAD_ELAPSED_TIME_MINUTES', '120'),
    env('SELDON_MAX_UNLOAD_ELAPSED_TIME_MINUTES', '15'),
    env('SELDON_MAX_LOAD_RETRY_COUNT', '5'),
    env('SELDON_MAX_UNLOAD_RETRY_COUNT', '1'),
    env('SELDON_UNLOAD_GRACE_PERIOD_SECONDS', '2'),
    env(OVERCOMMIT_ENV, String(DEFAULT_OVERCOMMIT_PERCENTAGE)),
    ...tls,
    ...(mlserver ? [env('MLSERVER_TRACING_SERVER', 'seldon-collector.seldon-mesh:4317')] : []),
    env('SELDON_LOG_LEVEL', 'info'),
    env('SELDON_USE_DEPLOYMENTS_FOR_SERVERS', 'false'),
    env('SELDON_SERVER_HTTP_PORT', '9000'),
    env('SELDON_SERVER_GRPC_PORT', '9500'),
    env('SELDON_REVERSE_PROXY_HTTP_PORT', '9001'),
    env('SELDON_REVERSE_PROXY_GRPC_PORT', '9501'),
    ...(mlserver ? [...scheduler, ...agentTls] : [...agentTls, ...scheduler]),
    env(SERVER_TYPE_ENV, serverType),
    ...(mlserver ? [env('SELDON_ENVOY_HOST', 'seldon-mesh'), env('SELDON_ENVOY_PORT', '80')] : []),
    { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
    { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
    { name: MEMORY_REQUEST_ENV, valueFrom: { resourceFieldRef: { containerName: serverContainerName, resource: 'requests.memory' } } },
  ];
  const ready = { httpGet: { path: '/ready', port: 9008 } };
  return {
    name: AGENT_CONTAINER_NAME,
    image: DEFAULT_AGENT_IMAGE,
    imagePullPolicy: 'IfNotPresent',
    command: ['/bin/agent'],
    args: ['--tracing-config-path=/mnt/tracing/tracing.json'],
    env: envVars,
    lifecycle: drainHook(),
    ports: [
      { name: 'grpc', containerPort: 9501, protocol: 'TCP' },
      { name: 'http', containerPort: 9001, protocol: 'TCP' },
      { name: 'metrics', containerPort: 9006, protocol: 'TCP' },
      { name: 'readiness-port', containerPort: 9008 },
    ],
    readinessProbe: { ...ready, failureThreshold: 1, periodSeconds: 5 },
    startupProbe: { ...ready, failureThreshold: 60, periodSeconds: 15 },
    resources: resources('200m', '1Gi', '1Gi'),
    volumeMounts: [
      { name: modelVolume, mountPath: MODEL_VOLUME_MOUNT_PATH },
      { name: 'config-volume', mountPath: '/mnt/config' },
      { name: 'tracing-config-volume', mountPath: '/mnt/tracing' },
    ],
  };
}

function serverContainer(serverType: ServerType, name: string, modelVolume: string): JsonObject {
  const live = { httpGet: { path: '/v2/health/live', port: 'server-http' } };
  const common = {
    name,
    imagePullPolicy: 'IfNotPresent',
    lifecycle: drainHook(),
    livenessProbe: live,
    readinessProbe: { ...live, initialDelaySeconds: 5, periodSeconds: 5 },
    startupProbe: { ...live, failureThreshold: 10, periodSeconds: 10 },
    resources: resources('100m', '1Gi', '1Gi'),
  };
  const ports = (metrics: number) => [
    { name: 'server-grpc', containerPort: 9500, protocol: 'TCP' },
    { name: 'server-http', containerPort: 9000, protocol: 'TCP' },
    { name: 'server-metrics', containerPort: metrics },
  ];
  const modelMount = { name: modelVolume, mountPath: MODEL_VOLUME_MOUNT_PATH, readOnly: true };
  if (serverType === ServerType.TRITON) {
    return {
      ...common,
      image: DEFAULT_TRITON_IMAGE,
      command: ['bash'],
      args: ['-c', tritonCommandLine(DEFAULT_TRITON_PROGRAM, DEFAULT_TRITON_ARGS)],
      env: [
        env('SERVER_HTTP_PORT', '9000'),
        env('SERVER_GRPC_PORT', '9500'),
        env('SERVER_MODELS_DIR', `${MODEL_VOLUME_MOUNT_PATH}/models`),
        env('LD_PRELOAD', '/usr/lib/x86_64-linux-gnu/libtcmalloc.so.4'),
      ],
      ports: ports(8002),
      volumeMounts: [modelMount, { name: 'dshm', mountPath: '/dev/shm', readOnly: false }],
    };
  }
  return {
    ...common,
    image: DEFAULT_MLSERVER_IMAGE,
    env: [
      env('MLSERVER_HTTP_PORT', '9000'),
      env('MLSERVER_GRPC_PORT', '9500'),
      env('MLSERVER_MODELS_DIR', `${MODEL_VOLUME_MOUNT_PATH}/models`),
      env('MLSERVER_PARALLEL_WORKERS', '1'),
      env('MLSERVER_LOAD_MODELS_AT_STARTUP', 'false'),
      env('MLSERVER_GRPC_MAX_MESSAGE_LENGTH', '1048576000'),
      env('MLSERVER_DEBUG', 'false'),
    ],
    ports: ports(8082),
    volumeMounts: [modelMount, { name: 'downstream-ca-certs', mountPath: '/mnt/certs', readOnly: true }],
  };
}
