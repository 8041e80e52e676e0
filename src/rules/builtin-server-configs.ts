/**
 * Facts about the two ServerConfigs Seldon installs (`mlserver`, `triton`), as rendered by the
 * `seldon-core-v2-setup` Helm chart with its default values at upstream commit 7b77f8b
 * (January 2026). Only what the library's checks need: container names, mount paths, ports and
 * resources, volume names, capabilities, memory request and overcommit.
 */

/** A container of a ServerConfig as the checks see it. */
export interface ContainerFacts {
  readonly name: string;
  readonly mountPaths: readonly string[];
  readonly portNames: readonly string[];
  readonly portNumbers: readonly number[];
  readonly requests: { readonly [resource: string]: string };
  readonly limits: { readonly [resource: string]: string };
}

/** The agent and rclone containers are the same in both built-in ServerConfigs. */
export const RCLONE_CONTAINER: ContainerFacts = {
  name: 'rclone',
  mountPaths: ['/mnt/agent'],
  portNames: ['rclone'],
  portNumbers: [5572],
  requests: { cpu: '50m', memory: '128Mi' },
  limits: { memory: '256Mi' },
};

/** The agent also listens on 9007 (drainer), which has no named container port. */
export const AGENT_CONTAINER: ContainerFacts = {
  name: 'agent',
  mountPaths: ['/mnt/agent', '/mnt/config', '/mnt/tracing'],
  portNames: ['grpc', 'http', 'metrics', 'readiness-port'],
  portNumbers: [9501, 9001, 9006, 9007, 9008],
  requests: { cpu: '200m', memory: '1Gi' },
  limits: { memory: '1Gi' },
};

export const MLSERVER_CONTAINER: ContainerFacts = {
  name: 'mlserver',
  mountPaths: ['/mnt/agent', '/mnt/certs'],
  portNames: ['server-grpc', 'server-http', 'server-metrics'],
  portNumbers: [9500, 9000, 8082],
  requests: { cpu: '100m', memory: '1Gi' },
  limits: { memory: '1Gi' },
};

export const TRITON_CONTAINER: ContainerFacts = {
  name: 'triton',
  mountPaths: ['/mnt/agent', '/dev/shm'],
  portNames: ['server-grpc', 'server-http', 'server-metrics'],
  portNumbers: [9500, 9000, 8002],
  requests: { cpu: '100m', memory: '1Gi' },
  limits: { memory: '1Gi' },
};

export const MLSERVER_CAPABILITIES: readonly string[] = [
  'mlserver', 'alibi-detect', 'alibi-explain', 'huggingface', 'lightgbm', 'mlflow', 'python', 'sklearn', 'spark-mlib', 'xgboost',
];

export const TRITON_CAPABILITIES: readonly string[] = [
  'triton', 'dali', 'fil', 'onnx', 'openvino', 'python', 'pytorch', 'tensorflow', 'tensorrt',
];

/** Volumes of the pod, including the model volume claim template (which becomes a pod volume). */
export const MLSERVER_VOLUMES: readonly string[] = ['config-volume', 'tracing-config-volume', 'downstream-ca-certs', 'mlserver-models'];
export const TRITON_VOLUMES: readonly string[] = ['config-volume', 'tracing-config-volume', 'dshm', 'triton-models'];

/** `requests.memory` of the inference server container, in GiB. */
export const DEFAULT_MEMORY_REQUEST_GIB = 1;

/** `SELDON_OVERCOMMIT_PERCENTAGE` on the agent. */
export const DEFAULT_OVERCOMMIT_PERCENTAGE = 10;

/**
 * Pod fields the built-in ServerConfigs set to non-zero values. Seldon's merge never lets a zero
 * value (`false`, `0`, `""`) from a Server replace them.
 */
export const BUILTIN_NON_ZERO_POD_FIELDS: readonly string[] = [
  'serviceAccountName',
  'terminationGracePeriodSeconds',
  'securityContext.fsGroup',
  'securityContext.runAsGroup',
  'securityContext.runAsNonRoot',
  'securityContext.runAsUser',
];
