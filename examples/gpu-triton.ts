/**
 * Triton on GPU nodes: one GPU per replica, a toleration for the GPU taint, a node selector for
 * the GPU pool, and enough memory for large models. The memory request is also what Seldon's
 * scheduler uses as the capacity of each replica.
 */
import { App, Chart, ChartProps, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { TritonServer } from '../src';

export class GpuTritonChart extends Chart {
  public readonly server: TritonServer;

  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);

    this.server = new TritonServer(this, 'triton-gpu', {
      replicas: 2,
      gpus: 1,
      resources: {
        cpu: { request: Cpu.units(4) },
        memory: { request: Size.gibibytes(16), limit: Size.gibibytes(16) },
      },
      nodeSelector: { 'cloud.google.com/gke-accelerator': 'nvidia-l4' },
      tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
      extraCapabilities: ['gpu'],
    });
  }
}

if (require.main === module) {
  const app = new App();
  new GpuTritonChart(app, 'gpu-triton', { namespace: 'seldon-mesh' });
  app.synth();
}
