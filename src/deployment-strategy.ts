import { PercentOrAbsolute } from 'cdk8s-plus-27';

/**
 * Options for `ServerDeploymentStrategy.rollingUpdate()`.
 */
export interface ServerRollingUpdateOptions {
  /**
   * How many pods may be created above the desired number during a rollout.
   *
   * @default - Kubernetes' default (25%)
   */
  readonly maxSurge?: PercentOrAbsolute;

  /**
   * How many pods may be unavailable during a rollout.
   *
   * @default - Kubernetes' default (25%)
   */
  readonly maxUnavailable?: PercentOrAbsolute;
}

/**
 * How a server's pods are replaced. Seldon uses it only when its operator runs servers as
 * Deployments (`--use-deployments-for-servers`); in the default StatefulSet mode it is ignored.
 */
export class ServerDeploymentStrategy {
  /** Kill every old pod before creating new ones. */
  public static recreate(): ServerDeploymentStrategy {
    return new ServerDeploymentStrategy({ type: 'Recreate' });
  }

  /**
   * Replace pods a few at a time.
   *
   * @param options surge and unavailability bounds
   */
  public static rollingUpdate(options: ServerRollingUpdateOptions = {}): ServerDeploymentStrategy {
    if (options.maxSurge?.isZero() && options.maxUnavailable?.isZero()) {
      throw new Error('ServerDeploymentStrategy.rollingUpdate(): `maxSurge` and `maxUnavailable` are both zero, so a rollout could never make progress. Allow at least one of them.');
    }
    const rollingUpdate: { [key: string]: string | number } = {};
    if (options.maxSurge !== undefined) {
      rollingUpdate.maxSurge = options.maxSurge.value;
    }
    if (options.maxUnavailable !== undefined) {
      rollingUpdate.maxUnavailable = options.maxUnavailable.value;
    }
    return new ServerDeploymentStrategy(Object.keys(rollingUpdate).length > 0
      ? { type: 'RollingUpdate', rollingUpdate }
      : { type: 'RollingUpdate' });
  }

  private constructor(private readonly json: { [key: string]: any }) {}

  /** @internal */
  public _toJson(): { [key: string]: any } {
    return this.json;
  }
}

/**
 * What happens to a StatefulSet's volume claims.
 */
export enum PvcRetentionPolicy {
  /** Keep the claims. */
  RETAIN = 'Retain',
  /** Delete the claims. */
  DELETE = 'Delete',
}

/**
 * Retention of the model volume claims a server's StatefulSet creates from its ServerConfig's
 * volume claim templates. Ignored when Seldon runs servers as Deployments.
 */
export interface PvcRetention {
  /**
   * When the server is deleted.
   *
   * @default - Kubernetes' default (Retain)
   */
  readonly whenDeleted?: PvcRetentionPolicy;

  /**
   * When the server is scaled down.
   *
   * @default - Kubernetes' default (Retain)
   */
  readonly whenScaled?: PvcRetentionPolicy;
}
