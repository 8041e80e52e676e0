import { ApiObject, ApiObjectMetadata, Duration, GroupVersionKind, Lazy, Size } from 'cdk8s';
import { ContainerResources, EnvValue, ISecret, k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { SELDON_API_VERSION, SERVER_CONFIG_KIND } from './api/gvk';
import { renderEnv, renderResources } from './container-json';
import { propError } from './errors';
import { notifyPolicies } from './policy-hook';
import * as builtin from './rules/builtin-server-configs';
import { CAPABILITIES_ENV, capabilityListProblems } from './rules/capabilities';
import { imageReferenceProblem, isDnsLabel, isDnsSubdomain } from './rules/names';
import { isWholeBytes, requestsAboveLimits, sizeToBytes, sizeToQuantity } from './rules/quantity';
import {
  AGENT_CONTAINER_NAME, OVERCOMMIT_ENV, RCLONE_CONTAINER_NAME, ServerConfigProfile, ServerType, profileFromSpec,
} from './rules/server-config-profile';
import { didYouMean } from './rules/similar';
import type { ServerVolumeMount } from './server';
import { SpecProducer } from './spec-producer';

export { ServerType } from './rules/server-config-profile';
export type { ServerConfigContainer, ServerConfigProfile } from './rules/server-config-profile';

/** The namespace Seldon's operator runs in when nothing else is said. */
const DEFAULT_OPERATOR_NAMESPACE = 'seldon-mesh';

/** A JSON object as it appears in a manifest. */
type JsonObject = { [key: string]: any };

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

/**
 * Props of `ServerConfig`.
 *
 * Every default reproduces Seldon's built-in `mlserver` or `triton` ServerConfig as the
 * `seldon-core-v2-setup` Helm chart installs it with default values, at Seldon Core 2 commit
 * 7b77f8b (2026-01-08).
 */
export interface ServerConfigProps {
  /**
   * The runtime: the server container, its command line and environment, and the agent's
   * `SELDON_SERVER_TYPE` follow from it.
   */
  readonly serverType: ServerType;

  /**
   * Metadata of the ServerConfig. Seldon copies its labels and annotations onto the StatefulSet
   * and every pod of the Servers built on it (a Server's own labels and annotations win on a
   * shared key), so this is where pod labels and annotations go.
   *
   * The namespace must be the one Seldon's operator runs in, which is where Seldon looks
   * ServerConfigs up, whatever the namespace of the Servers.
   *
   * @default - name is the construct id; namespace is "seldon-mesh", not the chart's
   */
  readonly metadata?: ApiObjectMetadata;

  /**
   * Image of the inference server container.
   *
   * @default - "docker.io/seldonio/mlserver:1.7.1" for MLServer, "nvcr.io/nvidia/tritonserver:23.03-py3" for Triton
   */
  readonly image?: string;

  /**
   * Image of the agent container. Seldon's chart tags it with the Seldon release it installs;
   * pin it to your release.
   *
   * @default "docker.io/seldonio/seldon-agent:latest"
   */
  readonly agentImage?: string;

  /**
   * Image of the rclone container, which downloads model artifacts. Pin it to your Seldon release.
   *
   * @default "docker.io/seldonio/seldon-rclone:latest"
   */
  readonly rcloneImage?: string;

  /**
   * Name of the inference server container. The agent's `MEMORY_REQUEST` is generated to point at
   * it, and Servers built on this ServerConfig patch it by this name.
   *
   * @default - "mlserver" or "triton", after the server type
   */
  readonly serverContainerName?: string;

  /**
   * What the agent advertises to the scheduler (`SELDON_SERVER_CAPABILITIES`): models land only
   * on servers whose capabilities include all their requirements.
   *
   * @default - for MLServer: mlserver, alibi-detect, alibi-explain, huggingface, lightgbm, mlflow, python, sklearn, spark-mlib, xgboost; for Triton: triton, dali, fil, onnx, openvino, python, pytorch, tensorflow, tensorrt
   */
  readonly capabilities?: string[];

  /**
   * Resources of the inference server container. Each resource you set (cpu, memory, ephemeral
   * storage) replaces Seldon's request and limit for it; the others keep Seldon's. The memory
   * request is the memory of one replica for model placement, so it must be set whenever memory is.
   *
   * @default - cpu request 100m, memory request and limit 1Gi
   */
  readonly resources?: ContainerResources;

  /**
   * Number of NVIDIA GPUs (`nvidia.com/gpu`) requested and limited for the inference server container.
   *
   * @default - no GPU
   */
  readonly gpus?: number;

  /**
   * `SELDON_OVERCOMMIT_PERCENTAGE` on the agent: a replica accepts models up to its memory request
   * times (1 + percentage / 100).
   *
   * @default 10
   */
  readonly memoryOvercommitPercentage?: number;

  /**
   * Size of the model volume each replica gets (a claim made from the volume claim template
   * `<server type>-models`, mounted at `/mnt/agent`). Every model loaded on the replica is
   * downloaded into it.
   *
   * @default Size.gibibytes(1)
   */
  readonly modelVolumeSize?: Size;

  /**
   * Storage class of the model volume claims.
   *
   * @default - the cluster's default storage class
   */
  readonly modelVolumeStorageClass?: string;

  /**
   * Environment variables of the inference server container. A variable Seldon's ServerConfig
   * already sets gets the new value; the ports, the models folder and the capabilities cannot be
   * changed.
   *
   * @default - Seldon's variables only
   */
  readonly env?: { [name: string]: EnvValue };

  /**
   * Environment variables of the agent container (for example `SELDON_LOG_LEVEL`). A variable
   * Seldon's ServerConfig already sets gets the new value; the capabilities, server type, memory,
   * overcommit, pod identity and port variables cannot be changed here.
   *
   * @default - Seldon's variables only
   */
  readonly agentEnv?: { [name: string]: EnvValue };

  /**
   * Volumes added to the pod. Their names must differ from Seldon's volumes.
   *
   * @default - none added
   */
  readonly volumes?: k8s.Volume[];

  /**
   * Volume mounts added to the containers (the inference server container unless a mount says
   * otherwise). Paths Seldon uses (`/mnt/agent`, `/mnt/config`, `/mnt/tracing`, and `/mnt/certs`
   * or `/dev/shm`) and anything below them are refused.
   *
   * @default - none added
   */
  readonly volumeMounts?: ServerVolumeMount[];

  /**
   * Node labels the pods must match.
   *
   * @default - any node
   */
  readonly nodeSelector?: { [key: string]: string };

  /**
   * Tolerations of the pods, for example of a GPU node pool's taint.
   *
   * @default - none
   */
  readonly tolerations?: k8s.Toleration[];

  /**
   * Affinity of the pods.
   *
   * @default - none
   */
  readonly affinity?: k8s.Affinity;

  /**
   * Secrets for pulling the images.
   *
   * @default - none
   */
  readonly imagePullSecrets?: ISecret[];

  /**
   * How long a pod may take to stop. The drain hooks use it to move the replica's models to other
   * replicas first.
   *
   * @default Duration.seconds(120)
   */
  readonly terminationGracePeriod?: Duration;

  /**
   * Triton only: the program the server container runs through `bash -c`.
   *
   * @default "tritonserver"
   */
  readonly serverCommand?: string;

  /**
   * Triton only: the arguments of the program after the ones the agent depends on
   * (`--model-repository`, `--http-port`, `--grpc-port`, which cannot be set here).
   * `--model-control-mode=explicit` is added when missing, and no other mode is accepted: the
   * agent loads and unloads models through Triton's API. MLServer reads its settings from
   * `MLSERVER_*` variables (see `env`) and takes no arguments here.
   *
   * @default ["--log-verbose=1", "--model-control-mode=explicit", "--backend-config=python,shm-default-byte-size=16777216"]
   */
  readonly serverArgs?: string[];
}

/**
 * A Seldon `ServerConfig`: the template of the pods of every Server built on it (rclone, agent and
 * inference server containers, volumes, capabilities, placement).
 *
 * A Server can only patch its ServerConfig: it cannot replace a command line, remove a container or
 * turn a setting off. For another runtime image, a bigger model volume, a different capability
 * list or a new command line, author a ServerConfig. Unset props reproduce Seldon's built-in
 * `mlserver` or `triton` ServerConfig (Seldon Core 2, commit 7b77f8b, 2026-01-08), and every prop
 * keeps what Seldon depends on: the capability, server type and memory variables of the agent, its
 * `http` and `grpc` ports, the model volume at `/mnt/agent`, the agent and tracing configuration
 * volumes, the `seldon-server` service account and the drain hooks. A prop that would break one is
 * refused when the construct is created.
 *
 * The ServerConfig lives in the namespace of Seldon's operator (`seldon-mesh` unless
 * `metadata.namespace` says otherwise), where Seldon looks it up for Servers in any namespace.
 *
 * It synthesizes one `mlops.seldon.io/v1alpha1` `ServerConfig` (child id `Resource`). Its `profile`
 * is read from the spec it synthesizes, so Servers built on it are checked against its real
 * containers, volumes, mounts, resources and capabilities; JSON patches applied through
 * `ApiObject.of()` are not reflected in the profile.
 *
 * Static members refer to ServerConfigs that exist already: `ServerConfig.MLSERVER`,
 * `ServerConfig.TRITON` (Seldon's built-in ones) and `ServerConfig.fromName()`.
 *
 * @example
 * const gpu = new ServerConfig(chart, 'triton-cuda12', {
 *   serverType: ServerType.TRITON,
 *   image: 'nvcr.io/nvidia/tritonserver:24.04-py3',
 *   gpus: 1,
 *   tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
 * });
 * new TritonServer(chart, 'triton-gpu', { serverConfig: gpu, replicas: 2 });
 */
export class ServerConfig extends Construct implements IServerConfig {
  /** Group, version and kind of a Seldon ServerConfig. */
  public static readonly GVK: GroupVersionKind = { apiVersion: SELDON_API_VERSION, kind: SERVER_CONFIG_KIND };

  /**
   * Seldon's built-in `mlserver` ServerConfig: containers rclone, agent and mlserver; 1Gi memory
   * request and 10% overcommit per replica; capabilities mlserver, alibi-detect, alibi-explain,
   * huggingface, lightgbm, mlflow, python, sklearn, spark-mlib, xgboost.
   */
  public static readonly MLSERVER: IServerConfig = {
    name: 'mlserver',
    profile: builtin.builtinProfile(ServerType.MLSERVER),
  };

  /**
   * Seldon's built-in `triton` ServerConfig: containers rclone, agent and triton; 1Gi memory
   * request and 10% overcommit per replica; capabilities triton, dali, fil, onnx, openvino,
   * python, pytorch, tensorflow, tensorrt. No GPU is requested by default.
   */
  public static readonly TRITON: IServerConfig = {
    name: 'triton',
    profile: builtin.builtinProfile(ServerType.TRITON),
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
    if (!isDnsSubdomain(name)) {
      throw new Error(`${where}: the name must be a lowercase DNS subdomain (letters, digits, "-" and "."), as Kubernetes requires of object names.`);
    }
    const serverType = options.serverType ?? ServerType.MLSERVER;
    const base = builtin.builtinProfile(serverType);
    const serverContainerName = options.serverContainerName ?? base.serverContainerName;
    for (const container of [serverContainerName, ...(options.extraContainerNames ?? [])]) {
      if (!isDnsLabel(container)) {
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
    if (overcommit !== undefined && overcommitProblem(overcommit)) {
      throw new Error(`${where}: \`memoryOvercommitPercentage\` ${overcommitProblem(overcommit)}.`);
    }
    if (options.memoryRequest !== undefined && !isWholeBytes(options.memoryRequest)) {
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

  /** The ServerConfig's name, as Servers refer to it. */
  public readonly name: string;

  /** The namespace: the one Seldon's operator runs in. */
  public readonly namespace: string;

  /** The runtime. */
  public readonly serverType: ServerType;

  /** What Servers built on it can rely on, read from the spec it synthesizes. */
  public readonly profile: ServerConfigProfile;

  /** The ServerConfig object this construct synthesizes. */
  protected readonly apiObject: ApiObject;

  private readonly spec: JsonObject;

  /**
   * @param scope the chart or construct to add the ServerConfig to
   * @param id construct id, and the ServerConfig's name unless `metadata.name` is set
   * @param props the runtime and what differs from Seldon's built-in ServerConfig for it
   */
  constructor(scope: Construct, id: string, props: ServerConfigProps) {
    super(scope, id);
    this.name = props.metadata?.name ?? id;
    if (!isDnsSubdomain(this.name)) {
      const from = props.metadata?.name === undefined ? ' (taken from the construct id; set `metadata.name` to choose another)' : '';
      throw propError(this, this.name, 'metadata.name', `${JSON.stringify(this.name)}${from} must be a lowercase DNS subdomain (letters, digits, "-" and "."), as Kubernetes requires of object names.`);
    }
    this.namespace = props.metadata?.namespace ?? DEFAULT_OPERATOR_NAMESPACE;
    if (!isDnsLabel(this.namespace)) {
      throw propError(this, this.name, 'metadata.namespace', `is ${JSON.stringify(this.namespace)}, which is not a namespace name (a lowercase DNS label). `
        + `Give the namespace Seldon's operator runs in (usually ${DEFAULT_OPERATOR_NAMESPACE}).`);
    }
    if (!Object.values(ServerType).includes(props.serverType)) {
      throw propError(this, this.name, 'serverType', `is ${JSON.stringify(props.serverType)}; the agent understands only ServerType.MLSERVER and ServerType.TRITON.`);
    }
    this.serverType = props.serverType;

    const serverContainerName = props.serverContainerName ?? props.serverType;
    if (!isDnsLabel(serverContainerName) || serverContainerName === AGENT_CONTAINER_NAME || serverContainerName === RCLONE_CONTAINER_NAME) {
      throw propError(this, this.name, 'serverContainerName', `is ${JSON.stringify(serverContainerName)}; it must be a lowercase DNS label other than "${AGENT_CONTAINER_NAME}" and "${RCLONE_CONTAINER_NAME}", which name the other two containers.`);
    }
    this.spec = builtin.builtinServerConfigSpec(props.serverType, serverContainerName);
    const pod = this.spec.podSpec;
    const container = (name: string): JsonObject => pod.containers.find((c: JsonObject) => c.name === name);
    const server = container(serverContainerName);
    const agent = container(AGENT_CONTAINER_NAME);

    for (const [prop, target, image] of [['image', server, props.image], ['agentImage', agent, props.agentImage], ['rcloneImage', container(RCLONE_CONTAINER_NAME), props.rcloneImage]] as const) {
      if (image !== undefined) {
        const problem = imageReferenceProblem(image);
        if (problem) {
          throw propError(this, this.name, prop, `${problem}.`);
        }
        target.image = image;
      }
    }
    if (props.capabilities !== undefined) {
      const problems = capabilityListProblems(props.capabilities);
      if (problems.length > 0) {
        throw propError(this, this.name, 'capabilities', `${problems.join('; ')}.`);
      }
      setEnvValue(agent, CAPABILITIES_ENV, props.capabilities.join(','));
    }
    if (props.memoryOvercommitPercentage !== undefined) {
      const problem = overcommitProblem(props.memoryOvercommitPercentage);
      if (problem) {
        throw propError(this, this.name, 'memoryOvercommitPercentage', `${problem}.`);
      }
      setEnvValue(agent, OVERCOMMIT_ENV, String(props.memoryOvercommitPercentage));
    }
    this.applyResources(server, props.resources, props.gpus);
    if (props.env) {
      this.mergeEnv(server, renderEnv(this, this.name, props.env, 'env'), builtin.serverReservedEnv(props.serverType), 'env');
    }
    if (props.agentEnv) {
      this.mergeEnv(agent, renderEnv(this, this.name, props.agentEnv, 'agentEnv'), builtin.AGENT_RESERVED_ENV, 'agentEnv');
    }
    this.applyCommandLine(server, props);
    this.applyModelVolume(props);
    this.applyVolumes(props, serverContainerName);
    this.applyPodProps(props);
    this.profile = profileFromSpec(this.spec);

    this.apiObject = new ApiObject(this, 'Resource', {
      ...ServerConfig.GVK,
      metadata: { ...props.metadata, name: this.name, namespace: this.namespace },
      spec: Lazy.any(new SpecProducer(this)),
    });
    notifyPolicies(this);
  }

  /**
   * The `spec` this ServerConfig synthesizes.
   *
   * @internal
   */
  public _toSpec(): any {
    return JSON.parse(JSON.stringify(this.spec));
  }

  private applyResources(server: JsonObject, resources: ContainerResources | undefined, gpus: number | undefined): void {
    const rendered = renderResources(this, this.name, resources, gpus);
    if (!rendered) {
      return;
    }
    const requests: JsonObject = server.resources.requests;
    const limits: JsonObject = server.resources.limits;
    for (const [kind, key] of [['cpu', 'cpu'], ['memory', 'memory'], ['ephemeralStorage', 'ephemeral-storage']] as const) {
      if (resources?.[kind] !== undefined) {
        delete requests[key];
        delete limits[key];
      }
    }
    Object.assign(requests, rendered.requests);
    Object.assign(limits, rendered.limits);
    if (Object.keys(limits).length === 0) {
      delete server.resources.limits;
    }
    if (requests.memory === undefined) {
      throw propError(this, this.name, 'resources.memory', 'sets no request. The agent sizes each replica for model placement from the server container\'s memory request '
        + '(MEMORY_REQUEST points at it); set `resources.memory.request`.');
    }
    const [above] = requestsAboveLimits(requests, limits);
    if (above) {
      throw propError(this, this.name, 'resources', `gives container "${server.name}" a ${above.resource} request of ${above.request}, above its limit of ${above.limit}. `
        + 'Kubernetes rejects such pods. Raise the limit.');
    }
  }

  /** Sets variables in a container: a new value for one it has, a new entry otherwise. */
  private mergeEnv(container: JsonObject, entries: JsonObject[], reserved: { readonly [name: string]: string }, prop: string): void {
    for (const entry of entries) {
      const why = reserved[entry.name];
      if (why !== undefined) {
        throw propError(this, this.name, prop, `sets ${entry.name} on container "${container.name}", which Seldon depends on: ${why}. Remove it.`);
      }
      const index = container.env.findIndex((e: JsonObject) => e.name === entry.name);
      if (index >= 0) {
        container.env[index] = entry;
      } else {
        container.env.push(entry);
      }
    }
  }

  private applyCommandLine(server: JsonObject, props: ServerConfigProps): void {
    if (props.serverCommand === undefined && props.serverArgs === undefined) {
      return;
    }
    if (props.serverType !== ServerType.TRITON) {
      throw propError(this, this.name, props.serverArgs !== undefined ? 'serverArgs' : 'serverCommand', 'is set, but an MLServer ServerConfig has no command line: MLServer runs its image\'s entrypoint '
        + 'and reads its settings from MLSERVER_* variables. Set them with `env` instead (for example MLSERVER_PARALLEL_WORKERS).');
    }
    const program = props.serverCommand ?? builtin.DEFAULT_TRITON_PROGRAM;
    if (!/^[A-Za-z0-9_\-./]+$/.test(program)) {
      throw propError(this, this.name, 'serverCommand', `is ${JSON.stringify(program)}; give one program name or path, without blanks or shell characters, and put its arguments in \`serverArgs\`.`);
    }
    const args = [...(props.serverArgs ?? builtin.DEFAULT_TRITON_ARGS)];
    for (const arg of args) {
      const flag = arg.split('=')[0].trim();
      const why = builtin.TRITON_RESERVED_FLAGS[flag];
      if (why !== undefined && arg !== builtin.TRITON_EXPLICIT_MODEL_CONTROL) {
        throw propError(this, this.name, 'serverArgs', `sets ${JSON.stringify(arg)}, which Seldon depends on: ${why}. Remove it.`);
      }
    }
    if (!args.includes(builtin.TRITON_EXPLICIT_MODEL_CONTROL)) {
      args.push(builtin.TRITON_EXPLICIT_MODEL_CONTROL);
    }
    server.args = ['-c', builtin.tritonCommandLine(program, args)];
  }

  private applyModelVolume(props: ServerConfigProps): void {
    const claim: JsonObject = this.spec.volumeClaimTemplates[0].spec;
    const size = props.modelVolumeSize;
    if (size !== undefined) {
      if (!(sizeToBytes(size) > 0)) {
        throw propError(this, this.name, 'modelVolumeSize', `is ${size.asString()}; the volume every model of a replica is downloaded into must be larger than zero.`);
      }
      if (!isWholeBytes(size)) {
        throw propError(this, this.name, 'modelVolumeSize', `is ${size.asString()}, which is not a whole number of bytes.`);
      }
      claim.resources.requests.storage = sizeToQuantity(size);
    }
    const storageClass = props.modelVolumeStorageClass;
    if (storageClass !== undefined) {
      if (!isDnsSubdomain(storageClass)) {
        throw propError(this, this.name, 'modelVolumeStorageClass', `is ${JSON.stringify(storageClass)}, which is not a storage class name (a lowercase DNS subdomain).`);
      }
      claim.storageClassName = storageClass;
    }
  }

  private applyVolumes(props: ServerConfigProps, serverContainerName: string): void {
    const pod = this.spec.podSpec;
    const seldonVolumes = [...pod.volumes, ...this.spec.volumeClaimTemplates].map((v: JsonObject) => v.name);
    const volumes = new Set<string>(seldonVolumes);
    (props.volumes ?? []).forEach((volume, i) => {
      const json = k8s.toJson_Volume(volume)!;
      const prop = `volumes[${i}]`;
      if (!isDnsLabel(json.name)) {
        throw propError(this, this.name, prop, `has volume name ${JSON.stringify(json.name)}; a volume name must be a lowercase DNS label of at most 63 characters.`);
      }
      if (volumes.has(json.name)) {
        throw propError(this, this.name, prop, seldonVolumes.includes(json.name)
          ? `is named "${json.name}", like a volume Seldon's ServerConfig has (${seldonVolumes.join(', ')}). Choose another name; to mount that volume elsewhere, list it in \`volumeMounts\` only.`
          : `is named "${json.name}" like an earlier volume. Volume names must be unique in a pod.`);
      }
      volumes.add(json.name);
      pod.volumes.push(json);
    });

    // Paths Seldon mounts, in any container: path -> volume and the containers it is mounted in.
    const seldonPaths = new Map<string, { volume: string; containers: string[] }>();
    for (const c of pod.containers) {
      for (const m of c.volumeMounts) {
        const entry = seldonPaths.get(m.mountPath) ?? { volume: m.name, containers: [] as string[] };
        entry.containers.push(c.name);
        seldonPaths.set(m.mountPath, entry);
      }
    }
    const containerNames = pod.containers.map((c: JsonObject) => c.name);
    (props.volumeMounts ?? []).forEach((mount, i) => {
      const prop = `volumeMounts[${i}]`;
      const containerName = mount.container ?? serverContainerName;
      const target = pod.containers.find((c: JsonObject) => c.name === containerName);
      if (!target) {
        throw propError(this, this.name, prop, `targets container "${containerName}", which the ServerConfig does not have (it has ${containerNames.join(', ')}).${didYouMean(containerName, containerNames)}`);
      }
      const path = typeof mount.path === 'string' ? mount.path.replace(/(.)\/+$/, '$1') : mount.path;
      if (typeof path !== 'string' || !path.startsWith('/') || path === '/') {
        throw propError(this, this.name, prop, `mounts volume "${mount.volume}" at ${JSON.stringify(mount.path)}; a mount path must be absolute and below "/".`);
      }
      const reserved = [...seldonPaths.keys()].find(p => path === p || path.startsWith(`${p}/`));
      if (reserved !== undefined) {
        const { volume, containers } = seldonPaths.get(reserved)!;
        throw propError(this, this.name, prop, `mounts volume "${mount.volume}" at ${path}, ${path === reserved ? '' : `inside ${reserved}, `}where Seldon mounts volume "${volume}" `
          + `(in ${containers.join(', ')}). Choose another path.`);
      }
      if (target.volumeMounts.some((m: JsonObject) => m.mountPath === path)) {
        throw propError(this, this.name, prop, `mounts volume "${mount.volume}" at ${path} in container "${containerName}", where an earlier mount already is. Choose another path.`);
      }
      if (!volumes.has(mount.volume)) {
        throw propError(this, this.name, prop, `mounts volume "${mount.volume}", which the pod does not have (it has ${[...volumes].join(', ')}).${didYouMean(mount.volume, [...volumes])} Add it with \`volumes\`.`);
      }
      target.volumeMounts.push(k8s.toJson_VolumeMount({ name: mount.volume, mountPath: path, readOnly: mount.readOnly, subPath: mount.subPath }));
    });
  }

  private applyPodProps(props: ServerConfigProps): void {
    const pod = this.spec.podSpec;
    if (props.nodeSelector && Object.keys(props.nodeSelector).length > 0) {
      pod.nodeSelector = { ...props.nodeSelector };
    }
    if (props.tolerations && props.tolerations.length > 0) {
      pod.tolerations = props.tolerations.map(t => k8s.toJson_Toleration(t));
    }
    if (props.affinity) {
      pod.affinity = k8s.toJson_Affinity(props.affinity);
    }
    if (props.imagePullSecrets && props.imagePullSecrets.length > 0) {
      pod.imagePullSecrets = props.imagePullSecrets.map(s => ({ name: s.name }));
    }
    if (props.terminationGracePeriod !== undefined) {
      const seconds = props.terminationGracePeriod.toSeconds({ integral: false });
      if (!Number.isInteger(seconds) || seconds < 1) {
        throw propError(this, this.name, 'terminationGracePeriod', `is ${seconds} seconds; give whole seconds, at least 1: the drain hooks need time to move the replica's models elsewhere.`);
      }
      pod.terminationGracePeriodSeconds = seconds;
    }
  }
}

/** Why an overcommit percentage is unusable, or undefined when it is fine. */
function overcommitProblem(value: number): string | undefined {
  return Number.isInteger(value) && value >= 0 ? undefined : `must be a whole number of percent, 0 or more, got ${value}`;
}

/** Sets the value of an environment variable a container already has. */
function setEnvValue(container: JsonObject, name: string, value: string): void {
  container.env.find((e: JsonObject) => e.name === name).value = value;
}
