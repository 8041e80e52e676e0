/**
 * Models served from a PersistentVolumeClaim: the claim is mounted into the server's rclone
 * container and advertised with the `pvc` capability.
 * Reproduces Seldon's sample `samples/examples/k8s-pvc/` (server.yaml, and the claim of pvc.yaml).
 */
import { App, Chart, ChartProps, Size } from 'cdk8s';
import { PersistentVolumeAccessMode, PersistentVolumeClaim } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { PvcServer } from '../src';

export class K8sPvcChart extends Chart {
  public readonly claim: PersistentVolumeClaim;
  public readonly server: PvcServer;

  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);

    this.claim = new PersistentVolumeClaim(this, 'ml-models-pvc', {
      metadata: { name: 'ml-models-pvc', namespace: 'seldon-mesh' },
      storageClassName: 'local-path-immediate',
      accessModes: [PersistentVolumeAccessMode.READ_WRITE_ONCE],
      storage: Size.gibibytes(1),
    });

    this.server = new PvcServer(this, 'mlserver-pvc', { claim: this.claim });
  }
}

if (require.main === module) {
  const app = new App();
  new K8sPvcChart(app, 'k8s-pvc');
  app.synth();
}
