/**
 * The serving layer Seldon's `seldon-core-v2-servers` Helm chart installs, owned in code: a Server
 * `mlserver` and a Server `triton` on Seldon's built-in ServerConfigs, with the chart's replicas
 * (1), autoscaling bounds (1 to 1) and claim retention (Retain, Retain). Change them per server
 * through the `mlserver` and `triton` props. Two models show that placement works on it: an
 * sklearn model only `mlserver` can run and a TensorFlow model only `triton` can run.
 */
import { App, Chart, ChartProps, Size } from 'cdk8s';
import { Construct } from 'constructs';
import { DefaultServers, Model, StorageUri } from '../src';

export class DefaultInstallationChart extends Chart {
  public readonly servers: DefaultServers;
  public readonly models: Model[];

  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);

    this.servers = new DefaultServers(this, 'servers');

    this.models = [
      new Model(this, 'iris', {
        storageUri: StorageUri.gcs('seldon-models', 'scv2/samples/mlserver_1.6.0/iris-sklearn'),
        requirements: ['sklearn'],
        memory: Size.kibibytes(100),
      }),
      new Model(this, 'tfsimple', {
        storageUri: StorageUri.gcs('seldon-models', 'triton/simple'),
        requirements: ['tensorflow'],
        memory: Size.kibibytes(100),
      }),
    ];
  }
}

if (require.main === module) {
  const app = new App();
  new DefaultInstallationChart(app, 'default-installation', { namespace: 'seldon-mesh' });
  app.synth();
}
