import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdk8s';
import { CustomMlServerChart } from '../examples/custom-mlserver';
import { GpuTritonChart } from '../examples/gpu-triton';
import { K8sPvcChart } from '../examples/k8s-pvc';
import { sample } from './util/samples';
import { only, synth } from './util/synth';

describe('examples reproduce the upstream samples', () => {
  test('custom-mlserver equals samples/servers/custom-mlserver.yaml', () => {
    const manifests = synth(new CustomMlServerChart(new App(), 'custom-mlserver'));
    const expected = sample('servers/custom-mlserver.yaml');
    if (expected) {
      expect(only(manifests, 'Server')).toEqual(expected[0]);
    }
    expect(only(manifests, 'Server').spec.podSpec.containers).toEqual([{ name: 'mlserver', image: 'seldonio/mlserver:1.3.4' }]);
  });

  test('k8s-pvc server equals samples/k8s-pvc/server.yaml', () => {
    const manifests = synth(new K8sPvcChart(new App(), 'k8s-pvc'));
    const expected = sample('k8s-pvc/server.yaml');
    if (expected) {
      expect(only(manifests, 'Server')).toEqual(expected[0]);
    }
    expect(only(manifests, 'PersistentVolumeClaim').metadata).toEqual({ name: 'ml-models-pvc', namespace: 'seldon-mesh' });
    expect(only(manifests, 'Server').spec.extraCapabilities).toEqual(['pvc']);
  });

  test('k8s-pvc claim matches the claim of samples/k8s-pvc/pvc.yaml', () => {
    const manifests = synth(new K8sPvcChart(new App(), 'k8s-pvc'));
    const claim = only(manifests, 'PersistentVolumeClaim');
    const expected = sample('k8s-pvc/pvc.yaml')?.find(m => m.kind === 'PersistentVolumeClaim');
    const wanted = expected ?? { spec: { storageClassName: 'local-path-immediate', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } };
    expect(claim.spec.storageClassName).toEqual(wanted.spec.storageClassName);
    expect(claim.spec.accessModes).toEqual(wanted.spec.accessModes);
    expect(claim.spec.resources).toEqual(wanted.spec.resources);
  });

  test('gpu-triton requests one GPU per replica and tolerates the GPU taint', () => {
    const server = only(synth(new GpuTritonChart(new App(), 'gpu-triton', { namespace: 'seldon-mesh' })), 'Server');
    const triton = server.spec.podSpec.containers[0];
    expect(triton.name).toBe('triton');
    expect(triton.resources.requests['nvidia.com/gpu']).toBe(1);
    expect(triton.resources.limits['nvidia.com/gpu']).toBe(1);
    expect(server.spec.podSpec.tolerations).toEqual([{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }]);
  });
});

describe('every example is a cdk8s app', () => {
  const dir = path.join(__dirname, '..', 'examples');
  const files = fs.readdirSync(dir).filter(f => f.endsWith('.ts'));
  test.each(files)('%s synthesizes when run as a program', file => {
    const text = fs.readFileSync(path.join(dir, file), 'utf-8');
    expect(text).toMatch(/if \(require\.main === module\) \{[\s\S]*app\.synth\(\);/);
  });
});

