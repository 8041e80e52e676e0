import { k8s } from 'cdk8s-plus-27';

/**
 * The `spec` of a Seldon `ServerConfig` (`mlops.seldon.io/v1alpha1`): the template of every pod of
 * the Servers built on it.
 *
 * Field names and types follow the ServerConfig custom resource definition. The `ServerConfig`
 * construct builds this for you; the type is exported for libraries that inspect or post-process
 * what they synthesize.
 */
export interface ServerConfigSpec {
  /**
   * The pod of every server replica: a complete Kubernetes pod spec. Seldon merges each Server's
   * `podSpec` override into it.
   */
  readonly podSpec: k8s.PodSpec;

  /**
   * Claims created for each replica, as in a StatefulSet. Each becomes a pod volume of the same
   * name. Used only when the operator runs servers as StatefulSets (its default).
   *
   * @default - none
   */
  readonly volumeClaimTemplates?: ServerConfigVolumeClaimTemplate[];
}

/**
 * One entry of `ServerConfigSpec.volumeClaimTemplates`. Seldon declares its own type with a plain
 * `name` instead of object metadata.
 */
export interface ServerConfigVolumeClaimTemplate {
  /** Name of the claim template, and of the pod volume made from it. */
  readonly name: string;

  /** The claim each replica gets. */
  readonly spec: k8s.PersistentVolumeClaimSpec;
}
