/**
 * A custom MLServer image on Seldon's built-in `mlserver` ServerConfig, and a model pinned to it.
 * Reproduces Seldon's samples `samples/servers/custom-mlserver.yaml` and
 * `samples/models/iris-custom-server.yaml`.
 */
import { App, Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { CustomServer, Model, StorageUri } from '../src';

export class CustomMlServerChart extends Chart {
  public readonly server: CustomServer;
  public readonly model: Model;

  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);

    // An older MLServer release. Models that need it require the extra capability.
    this.server = new CustomServer(this, 'mlserver-134', {
      image: 'seldonio/mlserver:1.3.4',
      extraCapabilities: ['mlserver-1.3.4'],
    });

    // Pinned: Seldon places it on mlserver-134 and nowhere else.
    this.model = this.server.addModel('iris', {
      storageUri: StorageUri.gcs('seldon-models', 'mlserver/iris'),
    });
  }
}

if (require.main === module) {
  const app = new App();
  new CustomMlServerChart(app, 'custom-mlserver');
  app.synth();
}
