/**
 * A ServerConfig of its own for Triton on GPU nodes, with a newer Triton image (for a newer CUDA
 * driver), one GPU per replica, the GPU pool's node selector and taint, and a capability that GPU
 * models can require; and a TritonServer built on it.
 *
 * A Server alone could swap the image, but every GPU server would have to repeat it, and it could
 * not change Triton's command line or the capability list the ServerConfig advertises.
 */
import { App, Chart, ChartProps, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { ServerConfig, ServerType, TritonServer } from '../src';

export class GpuTritonServerConfigChart extends Chart {
  public readonly serverConfig: ServerConfig;
  public readonly server: TritonServer;

  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);

    // Lives in the operator's namespace (seldon-mesh), whatever the chart's namespace.
    this.serverConfig = new ServerConfig(this, 'triton-cuda12', {
      serverType: ServerType.TRITON,
      image: 'nvcr.io/nvidia/tritonserver:24.04-py3',
      gpus: 1,
      resources: {
        cpu: { request: Cpu.units(4) },
        memory: { request: Size.gibibytes(16), limit: Size.gibibytes(16) },
      },
      capabilities: ['triton', 'onnx', 'pytorch', 'tensorflow', 'tensorrt', 'python', 'gpu'],
      modelVolumeSize: Size.gibibytes(20),
      nodeSelector: { 'cloud.google.com/gke-accelerator': 'nvidia-l4' },
      tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
      serverArgs: ['--log-verbose=0', '--backend-config=python,shm-default-byte-size=16777216'],
    });

    this.server = new TritonServer(this, 'triton-gpu', {
      serverConfig: this.serverConfig,
      replicas: 2,
    });
  }
}

if (require.main === module) {
  const app = new App();
  new GpuTritonServerConfigChart(app, 'gpu-triton-serverconfig', { namespace: 'seldon-mesh' });
  app.synth();
}
