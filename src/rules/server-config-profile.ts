import { Size } from 'cdk8s';
import { CAPABILITIES_ENV, splitCapabilities } from './capabilities';
import { quantityToSize } from './quantity';

/**
 * What the library knows about a ServerConfig, and how it reads that from the ServerConfig's spec.
 * Every profile, the built-in ones included, is derived from a spec by `profileFromSpec`, so the
 * facts a Server is checked against are the facts of the pod Seldon builds.
 */

/**
 * The inference runtime a ServerConfig runs. The agent understands exactly these two.
 */
export enum ServerType {
  /** Seldon MLServer (sklearn, xgboost, lightgbm, mlflow, huggingface, custom Python…). */
  MLSERVER = 'mlserver',
  /** NVIDIA Triton Inference Server (tensorflow, pytorch, onnx, tensorrt…). */
  TRITON = 'triton',
}

/**
 * What the library knows about one container of a ServerConfig.
 */
export interface ServerConfigContainer {
  /** Container name; a Server overrides the container by this name. */
  readonly name: string;

  /**
   * Paths already mounted in the container. A Server mounting another volume at one of them
   * would make the pod invalid.
   *
   * @default - none
   */
  readonly mountPaths?: string[];

  /**
   * Names of the container's ports.
   *
   * @default - none
   */
  readonly portNames?: string[];

  /**
   * Port numbers the container listens on (declared or not). Containers of a pod share one
   * network namespace, so no other container may use them.
   *
   * @default - none
   */
  readonly portNumbers?: number[];

  /**
   * Resource requests of the container, as quantities (`cpu: "100m"`, `memory: "1Gi"`). A Server
   * overrides them key by key.
   *
   * @default - none
   */
  readonly requests?: { [resource: string]: string };

  /**
   * Resource limits of the container, as quantities. A Server overrides them key by key, so a
   * request raised above a limit it does not also raise makes the pod invalid.
   *
   * @default - none
   */
  readonly limits?: { [resource: string]: string };
}

/**
 * The facts about a ServerConfig that Servers built on it, and the placement checks, rely on.
 */
export interface ServerConfigProfile {
  /** The runtime, as the agent's `SELDON_SERVER_TYPE` says. */
  readonly serverType: ServerType;

  /**
   * Name of the inference server container: the one the agent's `MEMORY_REQUEST` points at, and
   * the one the `image`, `resources`, `gpus` and `env` props of a Server patch.
   */
  readonly serverContainerName: string;

  /** Every container of the pod. */
  readonly containers: ServerConfigContainer[];

  /**
   * Names of the pod's volumes, including those made from volume claim templates.
   *
   * @default - none
   */
  readonly volumeNames?: string[];

  /**
   * What the agent's `SELDON_SERVER_CAPABILITIES` lists. Undefined when the agent has no such
   * variable: Seldon then ignores `capabilities` and `extraCapabilities` on Servers and the agent
   * advertises `sklearn,xgboost`.
   *
   * @default - the agent has no capabilities variable
   */
  readonly capabilities?: string[];

  /**
   * `requests.memory` of the server container: the memory of one replica for model placement.
   *
   * @default - unknown; memory placement checks are skipped
   */
  readonly memoryRequest?: Size;

  /**
   * `SELDON_OVERCOMMIT_PERCENTAGE` on the agent: a replica accepts models up to
   * `memoryRequest × (1 + overcommit / 100)`.
   *
   * @default 10
   */
  readonly memoryOvercommitPercentage?: number;

  /**
   * Dotted paths of pod fields set to non-zero values (e.g. `securityContext.runAsNonRoot`).
   * Seldon's merge never lets a zero value from a Server replace them.
   *
   * @default - none
   */
  readonly nonZeroPodFields?: string[];
}

/** The container that runs Seldon's agent. */
export const AGENT_CONTAINER_NAME = 'agent';

/** The container that runs rclone, which downloads model artifacts. */
export const RCLONE_CONTAINER_NAME = 'rclone';

/** Agent variable naming the runtime (`mlserver` or `triton`). */
export const SERVER_TYPE_ENV = 'SELDON_SERVER_TYPE';

/** Agent variable whose `resourceFieldRef` points at the server container's memory request. */
export const MEMORY_REQUEST_ENV = 'MEMORY_REQUEST';

/** Agent variable with the memory overcommit percentage. */
export const OVERCOMMIT_ENV = 'SELDON_OVERCOMMIT_PERCENTAGE';

/**
 * Agent variables naming ports the agent itself listens on (its reverse proxies, metrics, drainer
 * and readiness endpoints); not all of them are declared as container ports.
 */
export const AGENT_LISTEN_PORT_ENVS: readonly string[] = [
  'SELDON_REVERSE_PROXY_HTTP_PORT',
  'SELDON_REVERSE_PROXY_GRPC_PORT',
  'SELDON_METRICS_PORT',
  'SELDON_DRAINER_PORT',
  'SELDON_READINESS_PORT',
];

/** Pod fields whose values are maps of user data: their keys are not settings with zero values. */
const MAP_POD_FIELDS = new Set(['nodeSelector', 'overhead']);

/** A JSON object as it appears in a manifest. */
type JsonObject = { [key: string]: any };

/**
 * The profile of a ServerConfig, read from its `spec` as it appears in the manifest.
 */
export function profileFromSpec(spec: JsonObject): ServerConfigProfile {
  const podSpec: JsonObject = spec.podSpec ?? {};
  const containers: JsonObject[] = podSpec.containers ?? [];
  const agent = containers.find(c => c.name === AGENT_CONTAINER_NAME);
  const agentEnv = (name: string): JsonObject | undefined => [...(agent?.env ?? [])].reverse().find((e: JsonObject) => e.name === name);

  const memoryRef = agentEnv(MEMORY_REQUEST_ENV)?.valueFrom?.resourceFieldRef;
  const serverContainerName: string = memoryRef?.containerName
    ?? containers.find(c => c.name !== AGENT_CONTAINER_NAME && c.name !== RCLONE_CONTAINER_NAME)?.name
    ?? '';
  const serverContainer = containers.find(c => c.name === serverContainerName);
  const memoryQuantity = memoryRef?.resource === 'requests.memory' ? serverContainer?.resources?.requests?.memory : undefined;
  const capabilities = agentEnv(CAPABILITIES_ENV)?.value;
  const overcommit = agentEnv(OVERCOMMIT_ENV)?.value;

  return {
    serverType: agentEnv(SERVER_TYPE_ENV)?.value === ServerType.TRITON ? ServerType.TRITON : ServerType.MLSERVER,
    serverContainerName,
    containers: containers.map(c => containerFacts(c, c === agent ? agentEnv : undefined)),
    volumeNames: [...(podSpec.volumes ?? []), ...(spec.volumeClaimTemplates ?? [])].map((v: JsonObject) => v.name),
    capabilities: typeof capabilities === 'string' ? splitCapabilities(capabilities) : undefined,
    memoryRequest: memoryQuantity === undefined ? undefined : quantityToSize(String(memoryQuantity)),
    memoryOvercommitPercentage: typeof overcommit === 'string' && /^\d+$/.test(overcommit) ? Number(overcommit) : undefined,
    nonZeroPodFields: nonZeroScalarPaths(podSpec, '').sort(),
  };
}

function containerFacts(container: JsonObject, agentEnv?: (name: string) => JsonObject | undefined): ServerConfigContainer {
  const ports: JsonObject[] = container.ports ?? [];
  const listening = new Set<number>(ports.map(p => p.containerPort));
  for (const name of agentEnv ? AGENT_LISTEN_PORT_ENVS : []) {
    const value = agentEnv!(name)?.value;
    if (typeof value === 'string' && /^\d+$/.test(value)) {
      listening.add(Number(value));
    }
  }
  const quantities = (map: JsonObject | undefined) => Object.fromEntries(Object.entries(map ?? {}).map(([k, v]) => [k, String(v)]));
  return {
    name: container.name,
    mountPaths: (container.volumeMounts ?? []).map((m: JsonObject) => m.mountPath),
    portNames: ports.filter(p => p.name !== undefined).map(p => p.name),
    portNumbers: [...listening],
    requests: quantities(container.resources?.requests),
    limits: quantities(container.resources?.limits),
  };
}

/** Dotted paths of the non-zero scalars of pod-level settings (lists and user-data maps excluded). */
function nonZeroScalarPaths(object: JsonObject, prefix: string): string[] {
  const paths: string[] = [];
  for (const [key, value] of Object.entries(object)) {
    if (Array.isArray(value) || (prefix === '' && MAP_POD_FIELDS.has(key))) {
      continue;
    }
    if (typeof value === 'object' && value !== null) {
      paths.push(...nonZeroScalarPaths(value, `${prefix}${key}.`));
    } else if (value !== false && value !== 0 && value !== '' && value !== null && value !== undefined) {
      paths.push(`${prefix}${key}`);
    }
  }
  return paths;
}
