import { k8s } from 'cdk8s-plus-27';

/**
 * The `spec` of a Seldon `Server` (`mlops.seldon.io/v1alpha1`), as the operator reads it.
 *
 * Field names and types follow the Server custom resource definition. The constructs build this
 * for you; the type is exported for libraries that inspect or post-process what they synthesize.
 */
export interface ServerSpec {
  /**
   * Name of the `ServerConfig` the server is built from. Seldon looks it up in the operator's
   * namespace, not in the Server's.
   */
  readonly serverConfig: string;

  /**
   * Replaces the capability list of the ServerConfig. Takes precedence over `extraCapabilities`.
   *
   * @default - the ServerConfig's capabilities
   */
  readonly capabilities?: string[];

  /**
   * Appended to the capability list of the ServerConfig. Ignored by Seldon when `capabilities` is set.
   *
   * @default - none
   */
  readonly extraCapabilities?: string[];

  /**
   * Image overrides for the agent and rclone containers. The operator never reads this field;
   * this library never emits it and patches containers by name in `podSpec` instead.
   *
   * @default - none
   */
  readonly imageOverrides?: ServerImageOverrides;

  /**
   * Pod overrides merged by the operator into the ServerConfig's pod spec: containers are merged
   * by name, every other list is appended, and zero values never override.
   *
   * @default - the ServerConfig's pod spec unchanged
   */
  readonly podSpec?: ServerPodSpec;

  /**
   * Number of server replicas.
   *
   * @default 1
   */
  readonly replicas?: number;

  /**
   * Lower bound for native server autoscaling and partial model placement.
   *
   * @default - no lower bound
   */
  readonly minReplicas?: number;

  /**
   * Upper bound for native server autoscaling.
   *
   * @default - no upper bound
   */
  readonly maxReplicas?: number;

  /**
   * What happens to the model volume claims when the StatefulSet is deleted or scaled down.
   *
   * @default - Kubernetes' default (Retain, Retain)
   */
  readonly statefulSetPersistentVolumeClaimRetentionPolicy?: k8s.StatefulSetPersistentVolumeClaimRetentionPolicy;

  /**
   * Rollout strategy, used only when the operator runs servers as Deployments.
   *
   * @default - Kubernetes' default (RollingUpdate, 25% / 25%)
   */
  readonly deploymentStrategy?: k8s.DeploymentStrategy;

  /**
   * When true, a change to the ServerConfig does not roll this server.
   *
   * @default false
   */
  readonly disableAutoUpdate?: boolean;
}

/**
 * The `spec.imageOverrides` field of a Seldon `Server`. Present in the CRD, never read by the operator.
 */
export interface ServerImageOverrides {
  /**
   * Agent container.
   *
   * @default - none
   */
  readonly agent?: k8s.Container;

  /**
   * Rclone container.
   *
   * @default - none
   */
  readonly rclone?: k8s.Container;
}

/**
 * The pod overrides a Seldon `Server` accepts in `spec.podSpec`: the subset of a Kubernetes
 * `PodSpec` that Seldon's Server CRD declares, with `containers` optional.
 *
 * A container whose name matches one of the ServerConfig is merged into it (scalars replace,
 * lists are appended, resource maps merge per key); any other container is added to the pod.
 */
export interface ServerPodSpec {
  /** Containers to merge by name, or to add. @default - none */
  readonly containers?: k8s.Container[];
  /** Init containers, appended (never merged by name). @default - none */
  readonly initContainers?: k8s.Container[];
  /** Volumes, appended to the ServerConfig's. @default - none */
  readonly volumes?: k8s.Volume[];
  /** Restart policy. @default - the ServerConfig's */
  readonly restartPolicy?: string;
  /** Termination grace period in seconds. @default - the ServerConfig's */
  readonly terminationGracePeriodSeconds?: number;
  /** Active deadline in seconds. @default - the ServerConfig's */
  readonly activeDeadlineSeconds?: number;
  /** DNS policy. @default - the ServerConfig's */
  readonly dnsPolicy?: string;
  /** Node selector, merged key by key. @default - the ServerConfig's */
  readonly nodeSelector?: { [key: string]: string };
  /** Service account name. @default - the ServerConfig's */
  readonly serviceAccountName?: string;
  /** Whether to mount the service account token. @default - the ServerConfig's */
  readonly automountServiceAccountToken?: boolean;
  /** Node name. @default - the ServerConfig's */
  readonly nodeName?: string;
  /** Use the host's network namespace. @default - the ServerConfig's */
  readonly hostNetwork?: boolean;
  /** Use the host's PID namespace. @default - the ServerConfig's */
  readonly hostPid?: boolean;
  /** Use the host's IPC namespace. @default - the ServerConfig's */
  readonly hostIpc?: boolean;
  /** Share one process namespace between containers. @default - the ServerConfig's */
  readonly shareProcessNamespace?: boolean;
  /** Pod security context, deep-merged. @default - the ServerConfig's */
  readonly securityContext?: k8s.PodSecurityContext;
  /** Image pull secrets, appended. @default - none */
  readonly imagePullSecrets?: k8s.LocalObjectReference[];
  /** Hostname. @default - the ServerConfig's */
  readonly hostname?: string;
  /** Subdomain. @default - the ServerConfig's */
  readonly subdomain?: string;
  /** Affinity, deep-merged (lists inside appended). @default - the ServerConfig's */
  readonly affinity?: k8s.Affinity;
  /** Scheduler name. @default - the ServerConfig's */
  readonly schedulerName?: string;
  /** Tolerations, appended. @default - none */
  readonly tolerations?: k8s.Toleration[];
  /** Host aliases, appended. @default - none */
  readonly hostAliases?: k8s.HostAlias[];
  /** Priority class name. @default - the ServerConfig's */
  readonly priorityClassName?: string;
  /** Priority. @default - the ServerConfig's */
  readonly priority?: number;
  /** DNS config, deep-merged. @default - the ServerConfig's */
  readonly dnsConfig?: k8s.PodDnsConfig;
  /** Readiness gates, appended. @default - none */
  readonly readinessGates?: k8s.PodReadinessGate[];
  /** Runtime class name. @default - the ServerConfig's */
  readonly runtimeClassName?: string;
  /** Whether service environment variables are injected. @default - the ServerConfig's */
  readonly enableServiceLinks?: boolean;
  /** Preemption policy. @default - the ServerConfig's */
  readonly preemptionPolicy?: string;
  /** Pod overhead, merged key by key. @default - the ServerConfig's */
  readonly overhead?: { [key: string]: k8s.Quantity };
  /** Topology spread constraints, appended. @default - none */
  readonly topologySpreadConstraints?: k8s.TopologySpreadConstraint[];
  /** Set the hostname as the fully qualified domain name. @default - the ServerConfig's */
  readonly setHostnameAsFqdn?: boolean;
}
