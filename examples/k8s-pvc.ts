/**
 * Models served from a PersistentVolumeClaim: the claim is mounted into the server's rclone
 * container and advertised with the `pvc` capability; the model reads its artifacts from the
 * mount and requires that capability.
 * Reproduces Seldon's sample `samples/examples/k8s-pvc/` (server.yaml, iris.yaml, and the claim of
 * pvc.yaml).
 */
import { App, Chart, ChartProps, Size } from 'cdk8s';
import { PersistentVolumeAccessMode, PersistentVolumeClaim } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { Model, PvcServer, StorageUri } from '../src';

export class K8sPvcChart extends Chart {
  public readonly claim: PersistentVolumeClaim;
  public readonly server: PvcServer;
  public readonly model: Model;

  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);

    this.claim = new PersistentVolumeClaim(this, 'ml-models-pvc', {
      metadata: { name: 'ml-models-pvc', namespace: 'seldon-mesh' },
      storageClassName: 'local-path-immediate',
      accessModes: [PersistentVolumeAccessMode.READ_WRITE_ONCE],
      storage: Size.gibibytes(1),
    });

    this.server = new PvcServer(this, 'mlserver-pvc', { claim: this.claim });

    // Like the sample, the model is not pinned: requiring the claim's capability keeps it on servers
    // that mount the claim. (`this.server.addModel('iris', { requirements: ['sklearn'] })` would also
    // pin it to this server.)
    this.model = new Model(this, 'iris', {
      storageUri: StorageUri.pvc(this.server, 'iris'),
      requirements: ['sklearn', this.server.pvcCapability],
    });
  }
}

if (require.main === module) {
  const app = new App();
  new K8sPvcChart(app, 'k8s-pvc');
  app.synth();
}
