import { PersistentVolumeClaim } from 'cdk8s-plus-27';
import { PvcServer, StorageUri } from '../src';
import { chart } from './util/synth';

describe('StorageUri', () => {
  test('gcs() and s3() write the bucket URIs of Seldon\'s samples', () => {
    expect(StorageUri.gcs('seldon-models', 'scv2/samples/mlserver_1.6.0/iris-sklearn')).toBe('gs://seldon-models/scv2/samples/mlserver_1.6.0/iris-sklearn');
    expect(StorageUri.s3('models', '/iris')).toBe('s3://models/iris');
  });

  test('remote() writes <remote>:<path>', () => {
    expect(StorageUri.remote('azure-blob', 'container/model')).toBe('azure-blob:container/model');
  });

  test('pvc() is the model folder on the claim', () => {
    const c = chart();
    const server = new PvcServer(c, 'mlserver-pvc', { claim: PersistentVolumeClaim.fromClaimName(c, 'Claim', 'models'), mountPath: '/models/' });
    expect(StorageUri.pvc(server, 'iris')).toBe('/models/iris');
  });

  test.each([
    ['a bucket with a scheme', () => StorageUri.gcs('gs://seldon-models', 'iris'),
      'StorageUri.gcs(): bucket "gs://seldon-models" is not a bucket name (lowercase letters, digits, ".", "_" and "-"; no "/" or scheme). Put the folders in `path`.'],
    ['a bucket with folders', () => StorageUri.s3('models/iris', 'v1'), /^StorageUri.s3\(\): bucket "models\/iris" is not a bucket name/],
    ['an empty path', () => StorageUri.s3('models', '/'), 'StorageUri.s3(): path "/" must name the model\'s folder, without surrounding whitespace.'],
    ['a path with surrounding whitespace', () => StorageUri.gcs('models', 'iris '), /^StorageUri.gcs\(\): path "iris " must name the model's folder/],
    ['a remote name rclone refuses', () => StorageUri.remote('-s3', 'x'),
      'StorageUri.remote(): "-s3" is not an rclone remote name (letters, digits, "_", ".", "+", "@", "-" and spaces, not starting with "-" or a space).'],
  ])('refuses %s', (_name, make, message) => {
    expect(make).toThrow(message);
  });
});
