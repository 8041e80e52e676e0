/**
 * Models for the `triton` Server of Seldon's default installation: a numbered version of a
 * Triton model repository (`artifactVersion`), and a TensorFlow model with scaling settings
 * (`minReplicas: 1` lets Seldon place it on fewer replicas than asked if the server is short).
 * Reproduces Seldon's samples `samples/models/multi-version-1.yaml` and
 * `samples/models/tfsimple_scaling.yaml`.
 */
import { App, Chart, ChartProps, Size } from 'cdk8s';
import { Construct } from 'constructs';
import { Model, Server, StorageUri } from '../src';

export class TritonModelsChart extends Chart {
  public readonly math: Model;
  public readonly tfsimple: Model;

  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);

    Server.fromName(this, 'mlserver', 'mlserver');
    Server.fromName(this, 'triton', 'triton');

    this.math = new Model(this, 'math', {
      storageUri: StorageUri.gcs('seldon-models', 'scv2/samples/triton_23-03/multi-version'),
      artifactVersion: 1,
      requirements: ['triton', 'python'],
    });

    this.tfsimple = new Model(this, 'tfsimple', {
      storageUri: StorageUri.gcs('seldon-models', 'triton/simple'),
      requirements: ['tensorflow'],
      memory: Size.kibibytes(100),
      replicas: 1,
      minReplicas: 1,
    });
  }
}

if (require.main === module) {
  const app = new App();
  new TritonModelsChart(app, 'triton-models');
  app.synth();
}
