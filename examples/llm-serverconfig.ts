/**
 * An MLServer ServerConfig for large language models: a 50Gi model volume per replica (the
 * built-in one has 1Gi), 32Gi of memory for the server container, a Hugging Face cache volume,
 * and a capability list that keeps other models off these expensive replicas. An MlServer is
 * built on it, and two language models are placed on it: one pinned with `addModel`, one that the
 * scheduler can only place there because it requires `llm`. Their memory figures are checked
 * against one replica's capacity (32Gi request + 10% overcommit).
 */
import { App, Chart, ChartProps, Size } from 'cdk8s';
import { Cpu, EnvValue, k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { MlServer, Model, ServerConfig, ServerType, StorageUri } from '../src';

export class LlmServerConfigChart extends Chart {
  public readonly serverConfig: ServerConfig;
  public readonly server: MlServer;
  public readonly models: Model[];

  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);

    this.serverConfig = new ServerConfig(this, 'mlserver-llm', {
      serverType: ServerType.MLSERVER,
      capabilities: ['mlserver', 'huggingface', 'python', 'llm'],
      modelVolumeSize: Size.gibibytes(50),
      resources: {
        cpu: { request: Cpu.units(4) },
        memory: { request: Size.gibibytes(32), limit: Size.gibibytes(32) },
      },
      volumes: [{ name: 'hf-cache', emptyDir: { sizeLimit: k8s.Quantity.fromString('20Gi') } }],
      volumeMounts: [{ volume: 'hf-cache', path: '/cache/huggingface' }],
      env: { HF_HOME: EnvValue.fromValue('/cache/huggingface') },
      metadata: { labels: { 'workload-class': 'llm' } },
    });

    this.server = new MlServer(this, 'llm', {
      serverConfig: this.serverConfig,
      replicas: 1,
    });

    this.models = [
      // Pinned: it lands on this server or nowhere.
      this.server.addModel('gpt2-text-gen', {
        storageUri: StorageUri.gcs('seldon-models', 'scv2/samples/mlserver_1.6.0/huggingface-text-gen-custom-gpt2'),
        requirements: ['huggingface', 'llm'],
        memory: Size.gibibytes(3),
      }),
      // Not pinned: `llm` is advertised by this server only.
      new Model(this, 'tiny-stories', {
        storageUri: StorageUri.gcs('seldon-models', 'scv2/samples/mlserver_1.6.0/huggingface-text-gen-custom-tiny-stories'),
        requirements: ['llm'],
        memory: Size.gibibytes(12),
      }),
    ];
  }
}

if (require.main === module) {
  const app = new App();
  new LlmServerConfigChart(app, 'llm-serverconfig', { namespace: 'seldon-mesh' });
  app.synth();
}
