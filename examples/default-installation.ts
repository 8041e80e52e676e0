/**
 * The serving layer Seldon's `seldon-core-v2-servers` Helm chart installs, owned in code: a Server
 * `mlserver` and a Server `triton` on Seldon's built-in ServerConfigs, with the chart's replicas
 * (1), autoscaling bounds (1 to 1) and claim retention (Retain, Retain). Change them per server
 * through the `mlserver` and `triton` props; models can be placed on `servers.mlserver` and
 * `servers.triton`.
 */
import { App, Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { DefaultServers } from '../src';

export class DefaultInstallationChart extends Chart {
  public readonly servers: DefaultServers;

  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);

    this.servers = new DefaultServers(this, 'servers');
  }
}

if (require.main === module) {
  const app = new App();
  new DefaultInstallationChart(app, 'default-installation', { namespace: 'seldon-mesh' });
  app.synth();
}
