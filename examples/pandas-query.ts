/**
 * A custom Python model on MLServer configured by a parameter: MLServer's pandas-query runtime
 * reads its `query` parameter when it loads the model. `python` alone would match both default
 * servers; requiring `mlserver` too places it on one.
 * Reproduces Seldon's sample `samples/models/choice1.yaml`.
 */
import { App, Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { Model, Server, StorageUri } from '../src';

export class PandasQueryChart extends Chart {
  public readonly model: Model;

  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);

    Server.fromName(this, 'mlserver', 'mlserver');
    Server.fromName(this, 'triton', 'triton');

    this.model = new Model(this, 'choice-is-one', {
      storageUri: StorageUri.gcs('seldon-models', 'scv2/examples/pandasquery'),
      requirements: ['mlserver', 'python'],
      parameters: { query: 'choice == 1' },
    });
  }
}

if (require.main === module) {
  const app = new App();
  new PandasQueryChart(app, 'pandas-query');
  app.synth();
}
