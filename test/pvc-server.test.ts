import { Size } from 'cdk8s';
import { PersistentVolumeClaim } from 'cdk8s-plus-27';
import { PvcServer, ServerConfig } from '../src';
import { chart, only, synth } from './util/synth';

describe('PvcServer', () => {
  test('mounts the claim into rclone and advertises the pvc capability', () => {
    const c = chart('seldon-mesh');
    const claim = PersistentVolumeClaim.fromClaimName(c, 'Claim', 'models');
    const server = new PvcServer(c, 'mlserver-pvc', { claim });
    expect(only(synth(c), 'Server').spec).toEqual({
      serverConfig: 'mlserver',
      extraCapabilities: ['pvc'],
      podSpec: {
        volumes: [{ name: 'models-pvc', persistentVolumeClaim: { claimName: 'models' } }],
        containers: [{ name: 'rclone', volumeMounts: [{ name: 'models-pvc', mountPath: '/var/models' }] }],
      },
    });
    expect(server.capabilities).toContain('pvc');
    expect(server.modelUri('iris')).toBe('/var/models/iris');
    expect(server.modelUri('/iris/v2/')).toBe('/var/models/iris/v2');
  });

  test('mount path, volume name, read-only and capability can be chosen', () => {
    const c = chart();
    const claim = PersistentVolumeClaim.fromClaimName(c, 'Claim', 'models');
    const server = new PvcServer(c, 'a', {
      claim,
      mountPath: '/models/',
      volumeName: 'artifacts',
      readOnly: true,
      pvcCapability: 'local-models',
      serverConfig: ServerConfig.TRITON,
      extraCapabilities: ['gpu'],
    });
    expect(only(synth(c), 'Server').spec).toEqual({
      serverConfig: 'triton',
      extraCapabilities: ['gpu', 'local-models'],
      podSpec: {
        volumes: [{ name: 'artifacts', persistentVolumeClaim: { claimName: 'models', readOnly: true } }],
        containers: [{ name: 'rclone', volumeMounts: [{ name: 'artifacts', mountPath: '/models', readOnly: true }] }],
      },
    });
    expect(server.modelUri('mnist')).toBe('/models/mnist');
  });

  test('with capabilities, the pvc capability joins them', () => {
    const c = chart();
    const server = new PvcServer(c, 'a', { claim: PersistentVolumeClaim.fromClaimName(c, 'Claim', 'models'), capabilities: ['mlserver', 'sklearn'] });
    expect(only(synth(c), 'Server').spec.capabilities).toEqual(['mlserver', 'sklearn', 'pvc']);
    expect(server.capabilities).toEqual(['mlserver', 'sklearn', 'pvc']);
  });

  test('a pvc capability already listed is refused', () => {
    const c = chart();
    expect(() => new PvcServer(c, 'a', { claim: PersistentVolumeClaim.fromClaimName(c, 'Claim', 'models'), extraCapabilities: ['pvc'] })).toThrow(
      '`pvcCapability` lists "pvc" twice.');
  });

  test.each([
    ['models', '`mountPath` must be an absolute path below "/", got "models".'],
    ['/', '`mountPath` must be an absolute path below "/", got "/".'],
    ['/mnt/agent/models', '`mountPath` is /mnt/agent/models, inside /mnt/agent where rclone writes the models it downloads.'],
  ])('mount path %j is refused', (mountPath, message) => {
    const c = chart();
    expect(() => new PvcServer(c, 'a', { claim: PersistentVolumeClaim.fromClaimName(c, 'Claim', 'models'), mountPath })).toThrow(message);
  });

  test('a volume name the ServerConfig already uses is refused', () => {
    const c = chart();
    expect(() => new PvcServer(c, 'a', { claim: PersistentVolumeClaim.fromClaimName(c, 'Claim', 'models'), volumeName: 'config-volume' })).toThrow(
      'adds volume "config-volume", but ServerConfig "mlserver" already has a volume of that name.');
  });

  test('a claim in another namespace is refused', () => {
    const c = chart('models');
    const claim = new PersistentVolumeClaim(c, 'Claim', { metadata: { namespace: 'other' }, storage: Size.gibibytes(1) });
    expect(() => new PvcServer(c, 'a', { claim })).toThrow(
      'PvcServer "a" at \'test/a\': `claim` is in namespace "other" but the server is in "models". A pod can only mount claims of its own namespace.');
  });

  test.each(['', '../secrets', 'a/./b', 'a//b'])('model path %j is refused', path => {
    const c = chart();
    const server = new PvcServer(c, 'a', { claim: PersistentVolumeClaim.fromClaimName(c, 'Claim', 'models') });
    expect(() => server.modelUri(path)).toThrow('`modelUri()` got path');
  });
});
