import { Construct } from 'constructs';
import { describeAt } from './errors';
import { Server, ServerImageOptions, ServerOptions, ServerProps } from './server';
import { IServerConfig, ServerConfig, ServerType } from './server-config';
import { spread } from './spread';

/**
 * Props of `MlServer`.
 */
export interface MlServerProps extends ServerOptions, ServerImageOptions {
  /**
   * The ServerConfig to build on; it must run MLServer.
   *
   * @default ServerConfig.MLSERVER
   */
  readonly serverConfig?: IServerConfig;
}

/**
 * A Seldon Server running MLServer: sklearn, xgboost, lightgbm, mlflow, huggingface, alibi and
 * custom Python models.
 *
 * @example
 * new MlServer(chart, 'mlserver-large', {
 *   replicas: 2,
 *   resources: { memory: { request: Size.gibibytes(4), limit: Size.gibibytes(4) } },
 * });
 */
export class MlServer extends Server {
  /**
   * @param scope the chart or construct to add the server to
   * @param id construct id, and the server's name unless `metadata.name` is set
   * @param props the server's settings
   */
  constructor(scope: Construct, id: string, props: MlServerProps = {}) {
    super(scope, id, spread<ServerProps>(props, { serverConfig: requireServerType(scope, id, props, ServerType.MLSERVER, ServerConfig.MLSERVER, 'MlServer') }));
  }
}

/**
 * The ServerConfig a typed server construct uses, refusing one of another server type.
 * @internal
 */
export function requireServerType(
  scope: Construct, id: string, props: { readonly serverConfig?: IServerConfig; readonly metadata?: { readonly name?: string } },
  serverType: ServerType, fallback: IServerConfig, kind: string,
): IServerConfig {
  const serverConfig = props.serverConfig ?? fallback;
  if (serverConfig.profile.serverType !== serverType) {
    const name = props.metadata?.name ?? id;
    const suggestion = serverType === ServerType.MLSERVER ? 'TritonServer' : 'MlServer';
    const path = scope.node.path === '' ? id : `${scope.node.path}/${id}`;
    throw new Error(`${describeAt(kind, path, name)}: \`serverConfig\` is ServerConfig "${serverConfig.name}", which runs ${serverConfig.profile.serverType}; a ${kind} needs one that runs ${serverType}. `
      + `Use ${suggestion}, or Server for any ServerConfig.`);
  }
  return serverConfig;
}
