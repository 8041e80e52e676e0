import { Size } from 'cdk8s';
import * as builtin from './rules/builtin-server-configs';
import { capabilityListProblems } from './rules/capabilities';
import { sizeToBytes } from './rules/quantity';

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

/**
 * A ServerConfig a Server can be built on: one of Seldon's built-in ones, one that already exists
 * in the cluster, or one synthesized by this library.
 */
export interface IServerConfig {
  /** The ServerConfig's name, as a Server's `spec.serverConfig` refers to it. */
  readonly name: string;

  /** What Servers built on it can rely on. */
  readonly profile: ServerConfigProfile;
}

/**
 * Options for `ServerConfig.fromName()`: the facts you declare about a ServerConfig that already
 * exists in the cluster. Everything not declared is taken from the built-in ServerConfig of the
 * same server type, which is what most custom ServerConfigs are copied from.
 */
export interface ServerConfigReferenceOptions {
  /**
   * The runtime the ServerConfig runs.
   *
   * @default ServerType.MLSERVER
   */
  readonly serverType?: ServerType;

  /**
   * What the ServerConfig's agent advertises in `SELDON_SERVER_CAPABILITIES`.
   *
   * @default - the built-in list of the server type
   */
  readonly capabilities?: string[];

  /**
   * Whether the agent container declares `SELDON_SERVER_CAPABILITIES` at all. Set to false for a
   * ServerConfig without it: Seldon then ignores the capability fields of its Servers and the
   * agent advertises `sklearn,xgboost`.
   *
   * @default true
   */
  readonly capabilitiesVariable?: boolean;

  /**
   * Name of the inference server container.
   *
   * @default - "mlserver" or "triton", after the server type
   */
  readonly serverContainerName?: string;

  /**
   * Names of containers beyond rclone, agent and the server container.
   *
   * @default - none
   */
  readonly extraContainerNames?: string[];

  /**
   * `requests.memory` of the server container.
   *
   * @default Size.gibibytes(1)
   */
  readonly memoryRequest?: Size;

  /**
   * `SELDON_OVERCOMMIT_PERCENTAGE` on the agent.
   *
   * @default 10
   */
  readonly memoryOvercommitPercentage?: number;
}

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * Seldon ServerConfigs: references to the built-in ones and to ones that already exist.
 *
 * A ServerConfig is the template of every server pod (containers, volumes, capabilities). It lives
 * in the namespace of the Seldon operator, not in the namespace of the Servers built on it.
 */
export class ServerConfig {
  /**
   * Seldon's built-in `mlserver` ServerConfig: containers rclone, agent and mlserver; 1Gi memory
   * request and 10% overcommit per replica; capabilities mlserver, alibi-detect, alibi-explain,
   * huggingface, lightgbm, mlflow, python, sklearn, spark-mlib, xgboost.
   */
  public static readonly MLSERVER: IServerConfig = {
    name: 'mlserver',
    profile: builtinProfile(ServerType.MLSERVER),
  };

  /**
   * Seldon's built-in `triton` ServerConfig: containers rclone, agent and triton; 1Gi memory
   * request and 10% overcommit per replica; capabilities triton, dali, fil, onnx, openvino,
   * python, pytorch, tensorflow, tensorrt. No GPU is requested by default.
   */
  public static readonly TRITON: IServerConfig = {
    name: 'triton',
    profile: builtinProfile(ServerType.TRITON),
  };

  /**
   * References a ServerConfig that already exists in the operator's namespace, with the facts you
   * declare about it.
   *
   * @param name the ServerConfig's name
   * @param options facts about it
   */
  public static fromName(name: string, options: ServerConfigReferenceOptions = {}): IServerConfig {
    const where = `ServerConfig.fromName(${JSON.stringify(name)})`;
    if (typeof name !== 'string' || name.length > 253 || !DNS_SUBDOMAIN.test(name)) {
      throw new Error(`${where}: the name must be a lowercase DNS subdomain (letters, digits, "-" and "."), as Kubernetes requires of object names.`);
    }
    const serverType = options.serverType ?? ServerType.MLSERVER;
    const base = builtinProfile(serverType);
    const serverContainerName = options.serverContainerName ?? base.serverContainerName;
    for (const container of [serverContainerName, ...(options.extraContainerNames ?? [])]) {
      if (!DNS_LABEL.test(container) || container.length > 63) {
        throw new Error(`${where}: container name ${JSON.stringify(container)} is not a valid Kubernetes container name (a lowercase DNS label).`);
      }
    }
    if (options.capabilitiesVariable === false && options.capabilities !== undefined) {
      throw new Error(`${where}: \`capabilities\` is set but \`capabilitiesVariable\` is false. A ServerConfig without SELDON_SERVER_CAPABILITIES advertises only sklearn,xgboost; drop one of the two.`);
    }
    const problems = options.capabilities ? capabilityListProblems(options.capabilities) : [];
    if (problems.length > 0) {
      throw new Error(`${where}: \`capabilities\` ${problems.join('; ')}.`);
    }
    const overcommit = options.memoryOvercommitPercentage;
    if (overcommit !== undefined && (!Number.isInteger(overcommit) || overcommit < 0)) {
      throw new Error(`${where}: \`memoryOvercommitPercentage\` must be a whole number of percent, 0 or more, got ${overcommit}.`);
    }
    if (options.memoryRequest !== undefined && !Number.isInteger(sizeToBytes(options.memoryRequest))) {
      throw new Error(`${where}: \`memoryRequest\` ${options.memoryRequest.asString()} is not a whole number of bytes.`);
    }
    const containers = base.containers.map(c => c.name === base.serverContainerName ? { ...c, name: serverContainerName } : c);
    const names = new Set(containers.map(c => c.name));
    for (const extra of options.extraContainerNames ?? []) {
      if (names.has(extra)) {
        throw new Error(`${where}: container ${JSON.stringify(extra)} is listed twice; rclone, agent and the server container are always there.`);
      }
      names.add(extra);
      containers.push({ name: extra });
    }
    return {
      name,
      profile: {
        ...base,
        serverContainerName,
        containers,
        capabilities: options.capabilitiesVariable === false ? undefined : [...(options.capabilities ?? base.capabilities!)],
        memoryRequest: options.memoryRequest ?? base.memoryRequest,
        memoryOvercommitPercentage: overcommit ?? base.memoryOvercommitPercentage,
      },
    };
  }

  private constructor() {}
}

function builtinProfile(serverType: ServerType): ServerConfigProfile {
  const server = serverType === ServerType.TRITON ? builtin.TRITON_CONTAINER : builtin.MLSERVER_CONTAINER;
  const containers = [builtin.RCLONE_CONTAINER, builtin.AGENT_CONTAINER, server].map(c => ({
    name: c.name,
    mountPaths: [...c.mountPaths],
    portNames: [...c.portNames],
    portNumbers: [...c.portNumbers],
    requests: { ...c.requests },
    limits: { ...c.limits },
  }));
  return {
    serverType,
    serverContainerName: server.name,
    containers,
    volumeNames: [...(serverType === ServerType.TRITON ? builtin.TRITON_VOLUMES : builtin.MLSERVER_VOLUMES)],
    capabilities: [...(serverType === ServerType.TRITON ? builtin.TRITON_CAPABILITIES : builtin.MLSERVER_CAPABILITIES)],
    memoryRequest: Size.gibibytes(builtin.DEFAULT_MEMORY_REQUEST_GIB),
    memoryOvercommitPercentage: builtin.DEFAULT_OVERCOMMIT_PERCENTAGE,
    nonZeroPodFields: [...builtin.BUILTIN_NON_ZERO_POD_FIELDS],
  };
}
