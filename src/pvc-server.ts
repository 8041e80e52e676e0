import { IPersistentVolumeClaim } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { propError } from './errors';
import { Model, ServerModelProps } from './model';
import { namespaceOf } from './namespaces';
import { Server, ServerImageOptions, ServerOptions, ServerProps } from './server';
import { IServerConfig, ServerConfig } from './server-config';
import { spread } from './spread';

/**
 * Props of `PvcServer`.
 */
export interface PvcServerProps extends ServerOptions, ServerImageOptions {
  /** The claim holding the model artifacts. It must be in the server's namespace. */
  readonly claim: IPersistentVolumeClaim;

  /**
   * Where the claim is mounted in the `rclone` container, which copies models from it.
   *
   * @default "/var/models"
   */
  readonly mountPath?: string;

  /**
   * Name of the pod volume made from the claim.
   *
   * @default "models-pvc"
   */
  readonly volumeName?: string;

  /**
   * Mount the claim read-only.
   *
   * @default false
   */
  readonly readOnly?: boolean;

  /**
   * The capability that tells models this server can read the claim. Models stored on the claim
   * require it, so they cannot land on servers without it.
   *
   * @default "pvc"
   */
  readonly pvcCapability?: string;

  /**
   * The ServerConfig to build on.
   *
   * @default ServerConfig.MLSERVER
   */
  readonly serverConfig?: IServerConfig;
}

/**
 * A Seldon Server that loads models from a PersistentVolumeClaim.
 *
 * Seldon has no `pvc://` storage URI. Instead the claim is mounted into the server pod's `rclone`
 * container, models use the local path as their storage URI (see `modelUri()`), and a capability
 * (`pvc` by default) keeps those models off servers that do not mount the claim.
 *
 * @example
 * const claim = PersistentVolumeClaim.fromClaimName(chart, 'Models', 'ml-models-pvc');
 * const server = new PvcServer(chart, 'mlserver-pvc', { claim });
 * server.modelUri('iris'); // "/var/models/iris"
 */
export class PvcServer extends Server {
  /** The claim holding the models. */
  public readonly claim: IPersistentVolumeClaim;
  /** Where the claim is mounted in the rclone container. */
  public readonly mountPath: string;
  /** The capability models on the claim require. */
  public readonly pvcCapability: string;

  /**
   * @param scope the chart or construct to add the server to
   * @param id construct id, and the server's name unless `metadata.name` is set
   * @param props the server's settings
   */
  constructor(scope: Construct, id: string, props: PvcServerProps) {
    super(scope, id, spread<ServerProps>(props, { serverConfig: props.serverConfig ?? ServerConfig.MLSERVER }));
    this.claim = props.claim;
    this.mountPath = (props.mountPath ?? '/var/models').replace(/\/+$/, '') || '/';
    this.pvcCapability = props.pvcCapability ?? 'pvc';

    if (!this.mountPath.startsWith('/') || this.mountPath === '/') {
      throw propError(this, this.name, 'mountPath', `must be an absolute path below "/", got ${JSON.stringify(props.mountPath)}.`);
    }
    if (this.mountPath === '/mnt/agent' || this.mountPath.startsWith('/mnt/agent/')) {
      throw propError(this, this.name, 'mountPath', `is ${this.mountPath}, inside /mnt/agent where rclone writes the models it downloads. Mount the claim elsewhere, such as /var/models.`);
    }
    const claimNamespace = namespaceOf(props.claim);
    if (claimNamespace !== undefined && this.namespace !== undefined && claimNamespace !== this.namespace) {
      throw propError(this, this.name, 'claim', `is in namespace "${claimNamespace}" but the server is in "${this.namespace}". A pod can only mount claims of its own namespace.`);
    }

    const volume = props.volumeName ?? 'models-pvc';
    this.addVolume({ name: volume, persistentVolumeClaim: { claimName: props.claim.name, readOnly: props.readOnly } });
    this.mount({ volume, path: this.mountPath, container: 'rclone', readOnly: props.readOnly }, 'mountPath');
    this.addExtraCapability(this.pvcCapability, 'pvcCapability');
  }

  /**
   * The storage URI of a model stored on the claim: its local path in the rclone container.
   *
   * @param path the model's folder, relative to the root of the claim (e.g. "iris")
   */
  public modelUri(path: string): string {
    const relative = path.replace(/^\/+/, '').replace(/\/+$/, '');
    if (relative === '' || relative.split('/').some(segment => segment === '..' || segment === '.' || segment === '')) {
      throw propError(this, this.name, 'modelUri()', `got path ${JSON.stringify(path)}; give the model's folder relative to the root of the claim, without "." or ".." segments.`);
    }
    return `${this.mountPath}/${relative}`;
  }

  /**
   * Creates a Model pinned to this server. Without `storageUri`, the model is read from the
   * folder named after it on the claim (`modelUri(name)`); a model read from the claim also
   * requires the claim's capability (`pvcCapability`), appended to `requirements` unless listed.
   *
   * @param id construct id, and the model's name unless `metadata.name` is set
   * @param props the model
   */
  public addModel(id: string, props: ServerModelProps = {}): Model {
    const storageUri = props.storageUri ?? this.modelUri(props.metadata?.name ?? id);
    const requirements = [...(props.requirements ?? [])];
    const onClaim = storageUri === this.mountPath || storageUri.startsWith(`${this.mountPath}/`);
    if (onClaim && !requirements.some(r => typeof r === 'string' && r.trim() === this.pvcCapability)) {
      requirements.push(this.pvcCapability);
    }
    return super.addModel(id, spread<ServerModelProps>(props, { storageUri, requirements }));
  }
}
