import { Construct } from 'constructs';
import { PvcRetentionPolicy } from './deployment-strategy';
import { MlServer, MlServerProps } from './mlserver';
import { TritonServer, TritonServerProps } from './triton-server';

/** The chart's replicas, autoscaling bounds and claim retention, the same for both Servers. */
const CHART_DEFAULTS = {
  replicas: 1,
  minReplicas: 1,
  maxReplicas: 1,
  pvcRetention: { whenDeleted: PvcRetentionPolicy.RETAIN, whenScaled: PvcRetentionPolicy.RETAIN },
};

/**
 * Props of `DefaultServers`.
 */
export interface DefaultServersProps {
  /**
   * Settings of the `mlserver` Server, as the chart's `mlserver.*` values (replicas, bounds, PVC
   * retention, `metadata.labels` / `metadata.annotations`, `podOverride`), plus every other prop of
   * `MlServer`. What you set replaces the chart's value for that prop only.
   *
   * @default - the chart's defaults: replicas 1, minReplicas 1, maxReplicas 1, claims retained when deleted and when scaled
   */
  readonly mlserver?: MlServerProps;

  /**
   * Settings of the `triton` Server, as the chart's `triton.*` values, plus every other prop of
   * `TritonServer`. What you set replaces the chart's value for that prop only.
   *
   * @default - the chart's defaults: replicas 1, minReplicas 1, maxReplicas 1, claims retained when deleted and when scaled
   */
  readonly triton?: TritonServerProps;
}

/**
 * What Seldon's `seldon-core-v2-servers` Helm chart installs: a Server `mlserver` on the
 * `mlserver` ServerConfig and a Server `triton` on the `triton` ServerConfig, each with one
 * replica, native autoscaling bounds of 1 and 1, and model volume claims retained when the
 * server is deleted or scaled down (chart values at Seldon Core 2 commit 7b77f8b, 2026-01-08).
 *
 * Use it to own the whole serving layer in code: change replicas, bounds, retention, labels,
 * annotations and pod overrides per server, or build both on your own ServerConfigs (their
 * `serverConfig` prop). Models can be placed on `mlserver` and `triton`.
 *
 * The Servers take the chart's namespace. Unlike the chart, which renders `podSpec: null` and
 * `labels: null` / `annotations: null` when they are unset, only what is set is emitted; Seldon
 * reads both the same way.
 *
 * @example
 * const servers = new DefaultServers(chart, 'servers', {
 *   mlserver: { replicas: 3, maxReplicas: 3, metadata: { labels: { team: 'ml' } } },
 * });
 * servers.mlserver.capabilities; // what models placed on it may require
 */
export class DefaultServers extends Construct {
  /** The `mlserver` Server. */
  public readonly mlserver: MlServer;

  /** The `triton` Server. */
  public readonly triton: TritonServer;

  /**
   * @param scope the chart or construct to add the two Servers to (they take its chart's namespace)
   * @param id construct id; the Servers are named `mlserver` and `triton` whatever it is
   * @param props what differs from the chart's values, per server
   */
  constructor(scope: Construct, id: string, props: DefaultServersProps = {}) {
    super(scope, id);
    this.mlserver = new MlServer(this, 'mlserver', { ...CHART_DEFAULTS, ...props.mlserver });
    this.triton = new TritonServer(this, 'triton', { ...CHART_DEFAULTS, ...props.triton });
  }
}
