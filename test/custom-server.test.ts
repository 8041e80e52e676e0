import { ServerConfig, CustomServer } from '../src';
import { chart, only, synth } from './util/synth';

describe('CustomServer', () => {
  test('runs its image in the MLServer ServerConfig by default', () => {
    const c = chart();
    const server = new CustomServer(c, 'mlserver-custom', { image: 'registry.example.com/mlserver-torch:1.7.1', capabilities: ['mlserver', 'torch'] });
    expect(only(synth(c), 'Server').spec).toEqual({
      serverConfig: 'mlserver',
      capabilities: ['mlserver', 'torch'],
      podSpec: { containers: [{ name: 'mlserver', image: 'registry.example.com/mlserver-torch:1.7.1' }] },
    });
    expect(server.capabilities).toEqual(['mlserver', 'torch']);
  });

  test('runs on another ServerConfig', () => {
    const c = chart();
    new CustomServer(c, 'triton-2404', { image: 'nvcr.io/nvidia/tritonserver:24.04-py3', serverConfig: ServerConfig.TRITON });
    expect(only(synth(c), 'Server').spec).toEqual({
      serverConfig: 'triton',
      podSpec: { containers: [{ name: 'triton', image: 'nvcr.io/nvidia/tritonserver:24.04-py3' }] },
    });
  });

  test('refuses an empty image', () => {
    expect(() => new CustomServer(chart(), 'a', { image: ' ' })).toThrow('CustomServer "a" at \'test/a\': `image` must be an image reference without spaces, got " ".');
  });
});
