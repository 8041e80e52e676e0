import { Construct } from 'constructs';
import { Server, ServerOptions, ServerProps } from './server';
import { IServerConfig, ServerConfig } from './server-config';
import { spread } from './spread';

/**
 * Props of `CustomServer`.
 */
export interface CustomServerProps extends ServerOptions {
  /** Image of the inference server container: your build of the runtime. */
  readonly image: string;

  /**
   * The ServerConfig whose pod the custom image runs in.
   *
   * @default ServerConfig.MLSERVER
   */
  readonly serverConfig?: IServerConfig;
}

/**
 * A Seldon Server running your own image of an inference server on an existing ServerConfig, for
 * example another MLServer version or an MLServer image with extra Python packages.
 *
 * The image replaces the one of the ServerConfig's server container; everything else of the pod
 * stays. Say what the image can run: `extraCapabilities` adds a tag models can require (such as
 * `mlserver-1.3.4`), and `capabilities` replaces the ServerConfig's list, which keeps models the
 * image cannot run from landing on it.
 *
 * @example
 * new CustomServer(chart, 'mlserver-134', {
 *   image: 'seldonio/mlserver:1.3.4',
 *   extraCapabilities: ['mlserver-1.3.4'],
 * });
 */
export class CustomServer extends Server {
  /**
   * @param scope the chart or construct to add the server to
   * @param id construct id, and the server's name unless `metadata.name` is set
   * @param props the server's settings
   */
  constructor(scope: Construct, id: string, props: CustomServerProps) {
    super(scope, id, spread<ServerProps>(props, { serverConfig: props.serverConfig ?? ServerConfig.MLSERVER }));
  }
}
