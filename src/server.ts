import { ApiObject, ApiObjectMetadata, ApiObjectProps, GroupVersionKind, Lazy, Size } from 'cdk8s';
import { ContainerResources, EnvValue, ISecret, IServiceAccount, k8s } from 'cdk8s-plus-27';
import { Construct, IConstruct } from 'constructs';
import { SELDON_API_VERSION, SERVER_KIND } from './api/gvk';
import { ServerPodSpec } from './api/server-spec';
import { renderEnv, renderResources } from './container-json';
import { PvcRetention, ServerDeploymentStrategy } from './deployment-strategy';
import { propError } from './errors';
import { ExistingServer, ServerReferenceOptions } from './existing-server';
import { Model, newPinnedModel, ServerModelProps } from './model';
import { Placement } from './placement';
import { PodOverride } from './pod-override';
import { notifyPolicies } from './policy-hook';
import { effectiveCapabilities, serverCapabilityProblem } from './rules/capabilities';
import { imageReferenceProblem, serverNameProblem } from './rules/names';
import { replicaCapacityBytes, sizeToBytes } from './rules/quantity';
import { isScalingProblem, resolveScaling } from './rules/scaling';
import { IServerConfig } from './server-config';
import { SpecProducer } from './spec-producer';
import { spread } from './spread';

/**
 * A Seldon Server: one built here, or one that already exists in the cluster.
 */
export interface IServer extends IConstruct {
  /** The Server's name: what models pin to with `server`. */
  readonly name: string;

  /**
   * The Server's namespace.
   *
   * @default - the namespace of the chart
   */
  readonly namespace?: string;

  /** The ServerConfig the server is built on. */
  readonly serverConfig: IServerConfig;

  /**
   * What the server's agent advertises to the scheduler once Seldon has applied `capabilities` /
   * `extraCapabilities` to its ServerConfig's list. Models can only land on a server whose list
   * contains each of their requirements.
   */
  readonly capabilities: string[];

  /** Replica settings as Seldon resolves them: what model replicas can be placed on. */
  readonly scaling: ResolvedScalingInfo;

  /**
   * Memory of one replica for model placement: the server container's memory request plus the
   * agent's overcommit percentage. Undefined when unknown (memory placement checks are skipped).
   */
  readonly memoryCapacity?: Size;

  /**
   * Creates a Model pinned to this server (`spec.server`), in the server's namespace.
   *
   * @param id construct id, and the model's name unless `metadata.name` is set
   * @param props the model; `storageUri` is required except on a `PvcServer`
   */
  addModel(id: string, props?: ServerModelProps): Model;
}

/**
 * A volume mount added to a container of a server pod.
 */
export interface ServerVolumeMount {
  /** Name of the volume: one added with `volumes` (or a Server's `addVolume()`), or one of the ServerConfig's. */
  readonly volume: string;

  /** Absolute path inside the container. */
  readonly path: string;

  /**
   * The container to mount into.
   *
   * @default - the inference server container of the ServerConfig
   */
  readonly container?: string;

  /**
   * Mount read-only.
   *
   * @default false
   */
  readonly readOnly?: boolean;

  /**
   * Mount only this path inside the volume.
   *
   * @default - the whole volume
   */
  readonly subPath?: string;
}

/**
 * What a server advertises and how many replicas it runs: the props model placement depends on,
 * shared by the server constructs and `Server.fromName()`.
 */
export interface ServerPlacementOptions {
  /**
   * Number of server replicas. `0` stops the server (together with `minReplicas: 0`).
   *
   * @default - Seldon's default: `minReplicas` if set, else 1
   */
  readonly replicas?: number;

  /**
   * Lower bound for native server autoscaling.
   *
   * @default - no lower bound
   */
  readonly minReplicas?: number;

  /**
   * Upper bound for native server autoscaling. With `minReplicas`, it lets Seldon grow the server
   * for models that ask for more replicas than it runs.
   *
   * @default - no upper bound
   */
  readonly maxReplicas?: number;

  /**
   * Capabilities that replace the ServerConfig's list: the server advertises exactly these.
   * Use it when a custom image cannot run everything the ServerConfig advertises.
   *
   * @default - the ServerConfig's capabilities (plus `extraCapabilities`)
   */
  readonly capabilities?: string[];

  /**
   * Capabilities added to the ServerConfig's list. Cannot be combined with `capabilities`, which
   * makes Seldon ignore it.
   *
   * @default - none
   */
  readonly extraCapabilities?: string[];
}

/**
 * Props shared by every server construct.
 */
export interface ServerOptions extends ServerPlacementOptions {
  /**
   * Metadata of the Server. Labels and annotations are propagated to its pods.
   *
   * @default - name is the construct id
   */
  readonly metadata?: ApiObjectMetadata;

  /**
   * Do not roll this server when its ServerConfig changes.
   *
   * @default false
   */
  readonly disableAutoUpdate?: boolean;

  /**
   * How pods are replaced, when Seldon runs servers as Deployments.
   *
   * @default - Kubernetes' default rolling update
   */
  readonly deploymentStrategy?: ServerDeploymentStrategy;

  /**
   * What happens to the model volume claims when the server is deleted or scaled down.
   *
   * @default - Kubernetes' default: keep them
   */
  readonly pvcRetention?: PvcRetention;

  /**
   * CPU, memory and ephemeral storage of the inference server container. Its memory request is the
   * memory of one replica for model placement.
   *
   * @default - the ServerConfig's resources
   */
  readonly resources?: ContainerResources;

  /**
   * Number of NVIDIA GPUs (`nvidia.com/gpu`) requested and limited for the inference server
   * container.
   *
   * @default - no GPU
   */
  readonly gpus?: number;

  /**
   * Image of the agent container.
   *
   * @default - the ServerConfig's image
   */
  readonly agentImage?: string;

  /**
   * Image of the rclone container, which downloads model artifacts.
   *
   * @default - the ServerConfig's image
   */
  readonly rcloneImage?: string;

  /**
   * Environment variables of the inference server container.
   *
   * @default - none added
   */
  readonly env?: { [name: string]: EnvValue };

  /**
   * Node labels the pods must match (merged with the ServerConfig's, key by key).
   *
   * @default - the ServerConfig's
   */
  readonly nodeSelector?: { [key: string]: string };

  /**
   * Tolerations added to the pods.
   *
   * @default - none added
   */
  readonly tolerations?: k8s.Toleration[];

  /**
   * Service account of the pods.
   *
   * @default - the ServerConfig's (`seldon-server` for the built-in ones)
   */
  readonly serviceAccount?: IServiceAccount;

  /**
   * Secrets for pulling the images.
   *
   * @default - none added
   */
  readonly imagePullSecrets?: ISecret[];

  /**
   * Volumes added to the pods.
   *
   * @default - none added
   */
  readonly volumes?: k8s.Volume[];

  /**
   * Volume mounts added to the containers.
   *
   * @default - none added
   */
  readonly volumeMounts?: ServerVolumeMount[];

  /**
   * Containers added to the pods beside the ServerConfig's.
   *
   * @default - none
   */
  readonly sidecars?: k8s.Container[];

  /**
   * Raw pod override, merged with what the other props produce. For anything the props do not
   * cover. It passes the same checks: containers must be the ServerConfig's (sidecars go in
   * `sidecars`), volume names and mount paths must be free, and `command` / `args` cannot be set.
   *
   * @default - none
   */
  readonly podOverride?: ServerPodSpec;
}

/**
 * The `image` prop of the server constructs whose image is optional.
 */
export interface ServerImageOptions {
  /**
   * Image of the inference server container.
   *
   * @default - the ServerConfig's image
   */
  readonly image?: string;
}

/**
 * Props of `Server`.
 */
export interface ServerProps extends ServerOptions, ServerImageOptions {
  /** The ServerConfig the server is built on. */
  readonly serverConfig: IServerConfig;
}

/**
 * Options for `Server.addEnv()`.
 */
export interface ServerEnvOptions {
  /**
   * The container to set the variable in.
   *
   * @default - the inference server container of the ServerConfig
   */
  readonly container?: string;
}

/**
 * A Seldon Core v2 `Server`: a StatefulSet of inference server pods built from a ServerConfig,
 * onto which Seldon's scheduler places Models.
 *
 * The construct synthesizes one `mlops.seldon.io/v1alpha1` `Server` (child id `Resource`, so
 * `ApiObject.of(server)` reaches it). Overrides are rendered as the container patches Seldon's
 * operator merges by name; anything the operator would merge into a broken pod, or silently
 * ignore, is refused when the construct is created.
 */
export class Server extends Construct implements IServer {
  /** Group, version and kind of a Seldon Server. */
  public static readonly GVK: GroupVersionKind = { apiVersion: SELDON_API_VERSION, kind: SERVER_KIND };

  /**
   * Declares a Server that already exists in the cluster (for example the `mlserver` and `triton`
   * Servers of Seldon's default installation) so that models can be pinned to it and placement
   * checks take it into account. Nothing is synthesized for it.
   *
   * @param scope parent construct; the server is in the namespace of its chart unless `namespace` is set
   * @param id construct id
   * @param name the Server's name in the cluster
   * @param options what the server is built on and how it is scaled
   */
  public static fromName(scope: Construct, id: string, name: string, options: ServerReferenceOptions = {}): IServer {
    return new ExistingServer(scope, id, name, options);
  }

  public readonly name: string;
  public readonly namespace?: string;
  public readonly serverConfig: IServerConfig;

  /** Replica settings as Seldon resolves them. */
  public readonly scaling: ResolvedScalingInfo;

  /** `replicas` as given. */
  public readonly replicas?: number;
  /** `minReplicas` as given. */
  public readonly minReplicas?: number;
  /** `maxReplicas` as given. */
  public readonly maxReplicas?: number;

  /** The Server object this construct synthesizes. */
  protected readonly apiObject: ApiObject;

  private readonly podOverride: PodOverride;
  private readonly capabilitiesProp?: string[];
  private extraCapabilitiesProp?: string[];
  private readonly props: ServerProps;

  /**
   * @param scope the chart or construct to add the server to
   * @param id construct id, and the server's name unless `metadata.name` is set
   * @param props the server's settings
   */
  constructor(scope: Construct, id: string, props: ServerProps) {
    super(scope, id);
    this.props = props;
    this.serverConfig = props.serverConfig;
    this.name = props.metadata?.name ?? id;
    const nameProblem = serverNameProblem(this.name);
    if (nameProblem) {
      const from = props.metadata?.name === undefined ? ' (taken from the construct id; set `metadata.name` to choose another)' : '';
      throw propError(this, this.name, 'metadata.name', `${JSON.stringify(this.name)}${from} ${nameProblem}.`);
    }

    this.replicas = props.replicas;
    this.minReplicas = props.minReplicas;
    this.maxReplicas = props.maxReplicas;
    this.scaling = this.resolveScaling(props);

    this.capabilitiesProp = props.capabilities ? [...props.capabilities] : undefined;
    this.extraCapabilitiesProp = props.extraCapabilities ? [...props.extraCapabilities] : undefined;
    this.checkCapabilities();

    const profile = props.serverConfig.profile;
    this.podOverride = new PodOverride({ scope: this, seldonName: this.name, serverConfigName: props.serverConfig.name, profile });
    this.applyContainerProps(props);
    this.applyPodProps(props);
    this.podOverride.checkResources();

    this.apiObject = new ApiObject(this, 'Resource', spread<ApiObjectProps>(Server.GVK, {
      metadata: spread<ApiObjectMetadata>(props.metadata, { name: this.name }),
      spec: Lazy.any(new SpecProducer(this)),
    }));
    this.namespace = this.apiObject.metadata.namespace;
    if (Construct.isConstruct(props.serverConfig)) {
      // A ServerConfig synthesized in this app comes first in the output.
      this.node.addDependency(props.serverConfig);
    }

    this.node.addValidation(this.podOverride);
    Placement.of(this)._addServer(this);
    notifyPolicies(this);
  }

  /**
   * What the server's agent advertises: the ServerConfig's capabilities, replaced by
   * `capabilities` or extended by `extraCapabilities`. When the ServerConfig's agent has no
   * capabilities variable, Seldon ignores both props and the agent advertises `sklearn,xgboost`.
   */
  public get capabilities(): string[] {
    return effectiveCapabilities(this.serverConfig.profile.capabilities, this.capabilitiesProp, this.extraCapabilitiesProp);
  }

  /**
   * Memory of one replica for model placement: the server container's memory request (as
   * overridden here, else the ServerConfig's), plus the agent's overcommit percentage.
   * Undefined when the ServerConfig's memory request is unknown.
   */
  public get memoryCapacity(): Size | undefined {
    const request = this.podOverride.memoryRequestBytes()
      ?? (this.serverConfig.profile.memoryRequest ? sizeToBytes(this.serverConfig.profile.memoryRequest) : undefined);
    if (request === undefined) {
      return undefined;
    }
    const overcommit = this.podOverride.overcommitPercentage() ?? this.serverConfig.profile.memoryOvercommitPercentage ?? 10;
    return Size.kibibytes(replicaCapacityBytes(request, overcommit) / 1024);
  }

  /**
   * Creates a Model pinned to this server (`spec.server`), in the server's namespace. The model is
   * a child of the server in the construct tree.
   *
   * @param id construct id, and the model's name unless `metadata.name` is set
   * @param props the model; `storageUri` is required
   */
  public addModel(id: string, props: ServerModelProps = {}): Model {
    return newPinnedModel(this, id, props);
  }

  /**
   * Adds a volume to the server's pods.
   *
   * @param volume the volume; its name must not be taken by the ServerConfig or another volume
   */
  public addVolume(volume: k8s.Volume): void {
    this.podOverride.addVolume(k8s.toJson_Volume(volume)!, 'addVolume()');
  }

  /**
   * Mounts a volume into a container of the server's pods.
   *
   * @param mount what to mount where
   */
  public addVolumeMount(mount: ServerVolumeMount): void {
    this.mount(mount, 'addVolumeMount()');
  }

  /**
   * Sets an environment variable in a container of the server's pods.
   *
   * @param name variable name
   * @param value its value
   * @param options which container
   */
  public addEnv(name: string, value: EnvValue, options: ServerEnvOptions = {}): void {
    this.setEnv({ [name]: value }, options.container ?? this.serverConfig.profile.serverContainerName, 'addEnv()');
    Placement.of(this)._invalidate(); // the agent's overcommit percentage may have changed
  }

  /**
   * Adds a toleration to the server's pods.
   *
   * @param toleration the toleration
   */
  public addToleration(toleration: k8s.Toleration): void {
    this.podOverride.mergePodFields({ tolerations: [k8s.toJson_Toleration(toleration)] }, 'addToleration()');
    notifyPolicies(this);
  }

  /**
   * Adds a container of its own to the server's pods. Its name must differ from the ServerConfig's
   * containers; to change one of those, use the container props or `podOverride`.
   *
   * @param container the sidecar container (name and image required)
   */
  public addSidecar(container: k8s.Container): void {
    this.podOverride.addSidecar(k8s.toJson_Container(container)!, 'addSidecar()');
    notifyPolicies(this);
  }

  /**
   * The `spec` this server synthesizes.
   *
   * @internal
   */
  public _toSpec(): any {
    const props = this.props;
    const spec: { [key: string]: any } = { serverConfig: this.serverConfig.name };
    if (this.capabilitiesProp) {
      spec.capabilities = this.capabilitiesProp;
    }
    if (this.extraCapabilitiesProp) {
      spec.extraCapabilities = this.extraCapabilitiesProp;
    }
    const podSpec = this.podOverride.toJson();
    if (podSpec) {
      spec.podSpec = podSpec;
    }
    if (props.replicas !== undefined) spec.replicas = props.replicas;
    if (props.minReplicas !== undefined) spec.minReplicas = props.minReplicas;
    if (props.maxReplicas !== undefined) spec.maxReplicas = props.maxReplicas;
    if (props.disableAutoUpdate !== undefined) spec.disableAutoUpdate = props.disableAutoUpdate;
    if (props.deploymentStrategy) spec.deploymentStrategy = props.deploymentStrategy._toJson();
    if (props.pvcRetention && (props.pvcRetention.whenDeleted || props.pvcRetention.whenScaled)) {
      spec.statefulSetPersistentVolumeClaimRetentionPolicy = {
        whenDeleted: props.pvcRetention.whenDeleted,
        whenScaled: props.pvcRetention.whenScaled,
      };
    }
    return spec;
  }

  /**
   * Adds capabilities to the server after construction (as `extraCapabilities`). Used by
   * constructs that need a capability of their own, such as `PvcServer`.
   */
  protected addExtraCapability(capability: string, prop: string): void {
    if (this.capabilitiesProp) {
      this.capabilitiesProp.push(capability);
    } else {
      this.extraCapabilitiesProp = [...this.extraCapabilitiesProp ?? [], capability];
    }
    this.checkCapabilities(prop);
    Placement.of(this)._invalidate();
  }

  /** Mounts a volume into a container, for subclasses and `addVolumeMount()`. */
  protected mount(mount: ServerVolumeMount, prop: string): void {
    if (typeof mount.path !== 'string' || !mount.path.startsWith('/')) {
      throw propError(this, this.name, prop, `mounts volume "${mount.volume}" at ${JSON.stringify(mount.path)}; a mount path must be absolute.`);
    }
    const container = mount.container ?? this.serverConfig.profile.serverContainerName;
    this.podOverride.patchContainer(container, {
      volumeMounts: [k8s.toJson_VolumeMount({ name: mount.volume, mountPath: mount.path, readOnly: mount.readOnly, subPath: mount.subPath })],
    }, prop);
  }

  private resolveScaling(props: ServerProps): ResolvedScalingInfo {
    const result = resolveScaling(props);
    if (isScalingProblem(result)) {
      throw propError(this, this.name, result.field, `${result.message}.`);
    }
    return result;
  }

  private checkCapabilities(prop?: string): void {
    const { name, profile } = this.serverConfig;
    const problem = serverCapabilityProblem(name, profile.capabilities, this.capabilitiesProp, this.extraCapabilitiesProp);
    if (problem) {
      throw propError(this, this.name, prop ?? problem.field, problem.message);
    }
  }

  private applyContainerProps(props: ServerProps): void {
    const serverContainer = this.serverConfig.profile.serverContainerName;
    for (const [prop, container, image] of [['image', serverContainer, props.image], ['agentImage', 'agent', props.agentImage], ['rcloneImage', 'rclone', props.rcloneImage]] as const) {
      if (image === undefined) {
        continue;
      }
      const imageProblem = imageReferenceProblem(image);
      if (imageProblem) {
        throw propError(this, this.name, prop, `${imageProblem}.`);
      }
      this.podOverride.patchContainer(container, { image }, prop);
    }
    const resources = renderResources(this, this.name, props.resources, props.gpus);
    if (resources) {
      this.podOverride.patchContainer(serverContainer, { resources }, props.resources ? 'resources' : 'gpus');
    }
    if (props.env) {
      this.setEnv(props.env, serverContainer, 'env');
    }
  }

  private applyPodProps(props: ServerOptions): void {
    if (props.nodeSelector && Object.keys(props.nodeSelector).length > 0) {
      this.podOverride.mergePodFields({ nodeSelector: { ...props.nodeSelector } }, 'nodeSelector');
    }
    if (props.serviceAccount) {
      this.podOverride.mergePodFields({ serviceAccountName: props.serviceAccount.name }, 'serviceAccount');
    }
    if (props.imagePullSecrets && props.imagePullSecrets.length > 0) {
      this.podOverride.mergePodFields({ imagePullSecrets: props.imagePullSecrets.map(s => ({ name: s.name })) }, 'imagePullSecrets');
    }
    if (props.tolerations && props.tolerations.length > 0) {
      this.podOverride.mergePodFields({ tolerations: props.tolerations.map(t => k8s.toJson_Toleration(t)) }, 'tolerations');
    }
    (props.volumes ?? []).forEach((v, i) => this.podOverride.addVolume(k8s.toJson_Volume(v)!, `volumes[${i}]`));
    (props.sidecars ?? []).forEach((c, i) => this.podOverride.addSidecar(k8s.toJson_Container(c)!, `sidecars[${i}]`));
    (props.volumeMounts ?? []).forEach((m, i) => this.mount(m, `volumeMounts[${i}]`));

    if (props.podOverride) {
      const { containers, volumes, initContainers, ...rest } = k8s.toJson_PodSpec(props.podOverride as k8s.PodSpec) as { [key: string]: any };
      (volumes ?? []).forEach((v: any, i: number) => this.podOverride.addVolume(v, `podOverride.volumes[${i}]`));
      (initContainers ?? []).forEach((c: any, i: number) => this.podOverride.addInitContainer(c, `podOverride.initContainers[${i}]`));
      (containers ?? []).forEach((c: any, i: number) => {
        const { name, ...patch } = c;
        this.podOverride.patchContainer(name, patch, `podOverride.containers[${i}]`);
      });
      this.podOverride.mergePodFields(rest, 'podOverride');
    }
  }

  private setEnv(env: { [name: string]: EnvValue }, container: string, prop: string): void {
    this.podOverride.patchContainer(container, { env: renderEnv(this, this.name, env, prop) }, prop);
  }
}

/**
 * Replica settings of a server as Seldon resolves them.
 */
export interface ResolvedScalingInfo {
  /** Replicas Seldon runs. */
  readonly replicas: number;
  /** Lower bound (0 when unset). */
  readonly minReplicas: number;
  /**
   * Upper bound.
   *
   * @default - unbounded
   */
  readonly maxReplicas?: number;
}
