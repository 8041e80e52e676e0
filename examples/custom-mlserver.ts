/**
 * A custom MLServer image on Seldon's built-in `mlserver` ServerConfig.
 * Reproduces Seldon's sample `samples/servers/custom-mlserver.yaml`.
 */
import { App, Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { CustomServer } from '../src';

export class CustomMlServerChart extends Chart {
  public readonly server: CustomServer;

  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);

    // An older MLServer release. Models that need it require the extra capability.
    this.server = new CustomServer(this, 'mlserver-134', {
      image: 'seldonio/mlserver:1.3.4',
      extraCapabilities: ['mlserver-1.3.4'],
    });
  }
}

if (require.main === module) {
  const app = new App();
  new CustomMlServerChart(app, 'custom-mlserver');
  app.synth();
}
