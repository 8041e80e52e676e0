import type { PvcServer } from './pvc-server';
import { isRemoteName, REMOTE_NAME_RULE } from './rules/storage-uri';

/**
 * Storage URIs for `Model.storageUri`, for the common cases.
 *
 * Seldon hands the URI to rclone in the server pod: `<remote>:<path>` reads from the rclone
 * remote of that name, which is either preloaded on the agents (Seldon's default installation
 * preloads `gs`, anonymous Google Cloud Storage, so public `gs://` buckets work) or defined by the
 * Model's `secret`. An absolute path reads from the rclone container's own filesystem (see
 * `PvcServer`).
 *
 * @example
 * StorageUri.gcs('seldon-models', 'scv2/samples/mlserver_1.6.0/iris-sklearn'); // "gs://seldon-models/scv2/samples/mlserver_1.6.0/iris-sklearn"
 * StorageUri.s3('models', 'iris'); // "s3://models/iris", with a secret defining remote "s3"
 */
export class StorageUri {
  /**
   * A path in a Google Cloud Storage bucket, through the rclone remote `gs`: `gs://<bucket>/<path>`.
   * Public buckets work with Seldon's preloaded `gs` remote; private ones need a `secret` whose
   * rclone configuration is named `gs`.
   *
   * @param bucket bucket name
   * @param path object path inside the bucket
   */
  public static gcs(bucket: string, path: string): string {
    return `gs://${checkBucket('gcs', bucket)}/${checkPath('gcs', path)}`;
  }

  /**
   * A path in an S3 (or S3-compatible, such as MinIO) bucket, through the rclone remote `s3`:
   * `s3://<bucket>/<path>`. Give the model a `secret` whose rclone configuration is named `s3`.
   *
   * @param bucket bucket name
   * @param path object path inside the bucket
   */
  public static s3(bucket: string, path: string): string {
    return `s3://${checkBucket('s3', bucket)}/${checkPath('s3', path)}`;
  }

  /**
   * A path on a named rclone remote: `<remote>:<path>`. The remote is preloaded on the agents or
   * defined by the model's `secret` (whose rclone configuration `name` must be `remote`).
   *
   * @param remote rclone remote name
   * @param path path on the remote (for bucket-based remotes, `<bucket>/<path>`)
   */
  public static remote(remote: string, path: string): string {
    if (typeof remote !== 'string' || !isRemoteName(remote)) {
      throw new Error(`StorageUri.remote(): ${JSON.stringify(remote)} is not an rclone remote name (${REMOTE_NAME_RULE}).`);
    }
    return `${remote}:${checkPath('remote', path)}`;
  }

  /**
   * A model folder on the claim of a `PvcServer`: its local path in the server's rclone container.
   * Same as `server.modelUri(path)`.
   *
   * @param server the server that mounts the claim
   * @param path the model's folder, relative to the root of the claim
   */
  public static pvc(server: PvcServer, path: string): string {
    return server.modelUri(path);
  }

  private constructor() {}
}

function checkBucket(helper: string, bucket: string): string {
  if (typeof bucket !== 'string' || !/^[a-z0-9]([a-z0-9._-]*[a-z0-9])?$/.test(bucket)) {
    throw new Error(`StorageUri.${helper}(): bucket ${JSON.stringify(bucket)} is not a bucket name (lowercase letters, digits, ".", "_" and "-"; `
      + 'no "/" or scheme). Put the folders in `path`.');
  }
  return bucket;
}

function checkPath(helper: string, path: string): string {
  const trimmed = typeof path === 'string' ? path.replace(/^\/+/, '') : '';
  if (trimmed === '' || trimmed !== trimmed.trim()) {
    throw new Error(`StorageUri.${helper}(): path ${JSON.stringify(path)} must name the model's folder, without surrounding whitespace.`);
  }
  return trimmed;
}
