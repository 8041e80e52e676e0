/**
 * A model in a MinIO (S3-compatible) bucket: the model's secret holds the rclone configuration of
 * remote `s3`, the remote its storage URI names.
 * Reproduces Seldon's sample `samples/models/sklearn-iris-minio.yaml`, with the secret it uses.
 */
import { App, Chart, ChartProps } from 'cdk8s';
import { Secret } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { Model, Server, StorageUri } from '../src';

export class MinioIrisChart extends Chart {
  public readonly secret: Secret;
  public readonly model: Model;

  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);

    Server.fromName(this, 'mlserver', 'mlserver');
    Server.fromName(this, 'triton', 'triton');

    // One key, one rclone remote; its `name` must be the remote of the storage URI ("s3").
    // The credentials default to MinIO's local-development ones; pass real ones from the environment.
    this.secret = new Secret(this, 'minio-secret', {
      metadata: { name: 'minio-secret' },
      stringData: {
        s3: [
          'type: s3',
          'name: s3',
          'parameters:',
          '  provider: minio',
          '  env_auth: false',
          `  access_key_id: ${process.env.MINIO_ACCESS_KEY ?? 'minioadmin'}`,
          `  secret_access_key: ${process.env.MINIO_SECRET_KEY ?? 'minioadmin'}`,
          '  endpoint: http://minio.minio-system.svc.cluster.local:9000',
          '',
        ].join('\n'),
      },
    });

    this.model = new Model(this, 'iris', {
      storageUri: StorageUri.s3('models', 'iris'),
      secret: this.secret,
      requirements: ['sklearn'],
    });
  }
}

if (require.main === module) {
  const app = new App();
  new MinioIrisChart(app, 'minio-iris');
  app.synth();
}
