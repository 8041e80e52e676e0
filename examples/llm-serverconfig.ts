/**
 * An MLServer ServerConfig for large language models: a 50Gi model volume per replica (the
 * built-in one has 1Gi), 32Gi of memory for the server container, a Hugging Face cache volume,
 * and a capability list that keeps other models off these expensive replicas. An MlServer is
 * built on it; models requiring `llm` can only be placed there.
 */
import { App, Chart, ChartProps, Size } from 'cdk8s';
import { Cpu, EnvValue, k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { MlServer, ServerConfig, ServerType } from '../src';

export class LlmServerConfigChart extends Chart {
  public readonly serverConfig: ServerConfig;
  public readonly server: MlServer;

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
  }
}

if (require.main === module) {
  const app = new App();
  new LlmServerConfigChart(app, 'llm-serverconfig', { namespace: 'seldon-mesh' });
  app.synth();
}
