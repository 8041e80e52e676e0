import { Construct } from 'constructs';
import { requireServerType } from './mlserver';
import { Server, ServerImageOptions, ServerOptions, ServerProps } from './server';
import { ServerConfig, ServerType, IServerConfig } from './server-config';
import { spread } from './spread';

/**
 * Props of `TritonServer`.
 */
export interface TritonServerProps extends ServerOptions, ServerImageOptions {
  /**
   * The ServerConfig to build on; it must run Triton.
   *
   * @default ServerConfig.TRITON
   */
  readonly serverConfig?: IServerConfig;
}

/**
 * A Seldon Server running NVIDIA Triton Inference Server: tensorflow, pytorch, onnx, tensorrt,
 * openvino, dali, fil and Python backend models. Set `gpus` (and usually `tolerations` and
 * `nodeSelector`) to run it on GPU nodes; the built-in ServerConfig requests none.
 *
 * @example
 * new TritonServer(chart, 'triton-gpu', {
 *   gpus: 1,
 *   tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
 * });
 */
export class TritonServer extends Server {
  /**
   * @param scope the chart or construct to add the server to
   * @param id construct id, and the server's name unless `metadata.name` is set
   * @param props the server's settings
   */
  constructor(scope: Construct, id: string, props: TritonServerProps = {}) {
    super(scope, id, spread<ServerProps>(props, { serverConfig: requireServerType(scope, id, props, ServerType.TRITON, ServerConfig.TRITON, 'TritonServer') }));
  }
}
