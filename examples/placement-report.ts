/**
 * The placement report: which model can land on which server, and why each other server is
 * excluded, written as `placement.md` next to the synthesized manifests for reviewers.
 *
 * The namespace runs Seldon's default `mlserver` and `triton` Servers (declared with
 * `Server.fromName()`), a GPU Triton server and an older MLServer release built here.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Chart, ChartProps, Size } from 'cdk8s';
import { Construct } from 'constructs';
import { CustomServer, Model, Placement, Server, StorageUri, TritonServer } from '../src';

export class PlacementReportChart extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);

    Server.fromName(this, 'mlserver', 'mlserver');
    const triton = Server.fromName(this, 'triton', 'triton');

    new TritonServer(this, 'triton-gpu', {
      replicas: 2,
      gpus: 1,
      resources: { memory: { request: Size.gibibytes(16), limit: Size.gibibytes(16) } },
      extraCapabilities: ['gpu'],
    });

    // `capabilities` replaces the ServerConfig's list: only models that ask for this release land here.
    new CustomServer(this, 'mlserver-134', {
      image: 'seldonio/mlserver:1.3.4',
      capabilities: ['mlserver-1.3.4', 'python'],
    });

    new Model(this, 'iris', {
      storageUri: StorageUri.gcs('seldon-models', 'scv2/samples/mlserver_1.6.0/iris-sklearn'),
      requirements: ['sklearn'],
      memory: Size.kibibytes(100),
    });

    new Model(this, 'income-explainer', {
      storageUri: StorageUri.gcs('seldon-models', 'scv2/samples/mlserver_1.6.0/income-sklearn/anchor-explainer'),
      explainer: { type: 'anchor_tabular', modelRef: 'income' },
    });

    new Model(this, 'legacy-classifier', {
      storageUri: StorageUri.gcs('my-models', 'legacy/classifier'),
      requirements: ['mlserver-1.3.4'],
    });

    new Model(this, 'large-vision', {
      storageUri: StorageUri.gcs('my-models', 'vision/resnet'),
      requirements: ['tensorflow', 'gpu'],
      memory: Size.gibibytes(8),
      replicas: 2,
    });

    // Both Triton servers could run it; pinning makes the choice explicit.
    triton.addModel('tfsimple', {
      storageUri: StorageUri.gcs('seldon-models', 'triton/simple'),
      requirements: ['tensorflow'],
      memory: Size.kibibytes(100),
    });
  }
}

if (require.main === module) {
  const app = new App();
  new PlacementReportChart(app, 'placement-report', { namespace: 'seldon-mesh' });
  app.synth();
  fs.writeFileSync(path.join(app.outdir, 'placement.md'), Placement.of(app).toMarkdown());
}
