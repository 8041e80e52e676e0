/**
 * An app that passes every rule of the policy pack (`SeldonPolicies.enable(app)`): a ServerConfig
 * whose images are all pinned (the agent and rclone images of the Seldon release the cluster runs,
 * where the defaults are tagged `latest`), a GPU server with a toleration for the GPU nodes' taint
 * and memory request and limit, models that state their memory, and S3 credentials kept in a Secret
 * created outside the app (by External Secrets, say), referenced by name only.
 */
import { App, Chart, ChartProps, Size } from 'cdk8s';
import { Cpu, ISecret, Secret } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { MlServer, Model, SeldonPolicies, ServerConfig, ServerType, StorageUri, TritonServer } from '../src';

/** The Seldon Core 2 release the cluster runs: its agent and rclone images go with it. */
const SELDON_VERSION = '2.9.1';
const AGENT_IMAGE = `docker.io/seldonio/seldon-agent:${SELDON_VERSION}`;
const RCLONE_IMAGE = `docker.io/seldonio/seldon-rclone:${SELDON_VERSION}`;

export class PoliciesChart extends Chart {
  public readonly serverConfig: ServerConfig;
  public readonly mlserver: MlServer;
  public readonly triton: TritonServer;
  public readonly secret: ISecret;

  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);

    this.serverConfig = new ServerConfig(this, 'mlserver-pinned', {
      serverType: ServerType.MLSERVER,
      image: 'docker.io/seldonio/mlserver:1.7.1',
      agentImage: AGENT_IMAGE,
      rcloneImage: RCLONE_IMAGE,
      resources: {
        cpu: { request: Cpu.millis(500) },
        memory: { request: Size.gibibytes(2), limit: Size.gibibytes(2) },
      },
    });
    this.mlserver = new MlServer(this, 'mlserver-team', { serverConfig: this.serverConfig, replicas: 2 });

    // On the built-in triton ServerConfig, whose images the app does not set: only the agent and
    // rclone images are overridden here, and they are pinned.
    this.triton = new TritonServer(this, 'triton-gpu', {
      gpus: 1,
      agentImage: AGENT_IMAGE,
      rcloneImage: RCLONE_IMAGE,
      resources: { memory: { request: Size.gibibytes(16), limit: Size.gibibytes(16) } },
      nodeSelector: { 'cloud.google.com/gke-accelerator': 'nvidia-l4' },
      tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
    });

    // Holds the rclone configuration of remote "s3", credentials included; never in this code.
    this.secret = Secret.fromSecretName(this, 'S3Credentials', 's3-credentials');

    this.mlserver.addModel('iris', {
      storageUri: StorageUri.s3('models', 'iris'),
      secret: this.secret,
      requirements: ['sklearn'],
      memory: Size.mebibytes(100),
    });
    new Model(this, 'cifar10', {
      storageUri: StorageUri.gcs('seldon-models', 'scv2/samples/tensorflow/cifar10'),
      requirements: ['tensorflow'],
      memory: Size.gibibytes(1),
      server: this.triton,
    });
  }
}

if (require.main === module) {
  const app = new App();
  SeldonPolicies.enable(app);
  new PoliciesChart(app, 'policies', { namespace: 'seldon-mesh' });
  app.synth();
}
