/**
 * The canonical first model: a scikit-learn iris classifier in a public Google Cloud Storage
 * bucket, placed on the `mlserver` Server of Seldon's default installation.
 * Reproduces Seldon's sample `samples/models/sklearn-iris-gs.yaml`.
 */
import { App, Chart, ChartProps, Size } from 'cdk8s';
import { Construct } from 'constructs';
import { Model, Server, StorageUri } from '../src';

export class SklearnIrisChart extends Chart {
  public readonly model: Model;

  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);

    // The Servers Seldon's default installation runs; declared, not synthesized, so that placement
    // is checked against them.
    Server.fromName(this, 'mlserver', 'mlserver');
    Server.fromName(this, 'triton', 'triton');

    this.model = new Model(this, 'iris', {
      storageUri: StorageUri.gcs('seldon-models', 'scv2/samples/mlserver_1.6.0/iris-sklearn'),
      requirements: ['sklearn'],
      memory: Size.kibibytes(100),
    });
  }
}

if (require.main === module) {
  const app = new App();
  new SklearnIrisChart(app, 'sklearn-iris');
  app.synth();
}
