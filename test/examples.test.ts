import * as fs from 'fs';
import * as path from 'path';
import { App, Chart, Size, SizeRoundingBehavior } from 'cdk8s';
import { CustomMlServerChart } from '../examples/custom-mlserver';
import { DefaultInstallationChart } from '../examples/default-installation';
import { GpuTritonChart } from '../examples/gpu-triton';
import { GpuTritonServerConfigChart } from '../examples/gpu-triton-serverconfig';
import { IncomeExplainerChart } from '../examples/income-explainer';
import { K8sPvcChart } from '../examples/k8s-pvc';
import { LlmServerConfigChart } from '../examples/llm-serverconfig';
import { MinioIrisChart } from '../examples/minio-iris';
import { PandasQueryChart } from '../examples/pandas-query';
import { PlacementReportChart } from '../examples/placement-report';
import { PoliciesChart } from '../examples/policies';
import { SklearnIrisChart } from '../examples/sklearn-iris';
import { TritonModelsChart } from '../examples/triton-models';
import { DefaultServers, Placement, SeldonPolicies } from '../src';
import { sample } from './util/samples';
import { chart, only, synth } from './util/synth';

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

describe('ServerConfig authoring examples', () => {
  test('gpu-triton-serverconfig: another Triton image with a GPU per replica, and a TritonServer on it', () => {
    const example = new GpuTritonServerConfigChart(new App(), 'gpu-triton-serverconfig', { namespace: 'seldon-mesh' });
    const manifests = synth(example);
    expect(manifests.map(m => `${m.kind}/${m.metadata.name}`)).toEqual(['ServerConfig/triton-cuda12', 'Server/triton-gpu']);
    const pod = only(manifests, 'ServerConfig').spec.podSpec;
    const triton = pod.containers.find((c: any) => c.name === 'triton');
    expect(triton.image).toBe('nvcr.io/nvidia/tritonserver:24.04-py3');
    expect(triton.resources.limits['nvidia.com/gpu']).toBe(1);
    expect(triton.args[1]).toMatch(/--log-verbose=0 .*--model-control-mode=explicit$/);
    expect(pod.tolerations).toEqual([{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }]);
    expect(pod.nodeSelector).toEqual({ 'cloud.google.com/gke-accelerator': 'nvidia-l4' });
    const server = only(manifests, 'Server');
    expect(server.spec).toEqual({ serverConfig: 'triton-cuda12', replicas: 2 });
    expect(example.server.capabilities).toContain('gpu');
    expect(example.server.memoryCapacity?.toMebibytes({ rounding: SizeRoundingBehavior.NONE })).toBeCloseTo(16 * 1024 * 1.1);
  });

  test('llm-serverconfig: an MLServer ServerConfig with a 50Gi model volume, and an MlServer on it', () => {
    const example = new LlmServerConfigChart(new App(), 'llm-serverconfig', { namespace: 'seldon-mesh' });
    const manifests = synth(example);
    const serverConfig = only(manifests, 'ServerConfig');
    expect(serverConfig.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('50Gi');
    expect(serverConfig.metadata.labels).toEqual({ 'workload-class': 'llm' });
    expect(only(manifests, 'Server').spec).toEqual({ serverConfig: 'mlserver-llm', replicas: 1 });
    expect(example.server.capabilities).toEqual(['mlserver', 'huggingface', 'python', 'llm']);
  });

  test('llm-serverconfig: its language models land on the LLM server only, and fit its memory', () => {
    const app = new App();
    const example = new LlmServerConfigChart(app, 'llm-serverconfig', { namespace: 'seldon-mesh' });
    const models = synth(example).filter(m => m.kind === 'Model');
    expect(models.map(m => [m.metadata.name, m.spec.server, m.spec.memory])).toEqual([
      ['gpt2-text-gen', 'llm', '3Gi'],
      ['tiny-stories', undefined, '12Gi'],
    ]);
    expect(Placement.of(app).errors).toEqual([]);
    expect(Placement.of(app).warnings).toEqual([]);
    expect(Placement.of(app).toMarkdown()).toContain('| tiny-stories | llm |');
  });

  test('llm-serverconfig: a language model larger than one replica is refused at synth', () => {
    const app = new App();
    const example = new LlmServerConfigChart(app, 'llm-serverconfig', { namespace: 'seldon-mesh' });
    example.server.addModel('llama-70b', { storageUri: 'gs://models/llama-70b', requirements: ['llm'], memory: Size.gibibytes(140) });
    expect(() => app.synth()).toThrow(/llama-70b[\s\S]*memory/);
  });

  test('default-installation is exactly the DefaultServers construct', () => {
    const manifests = synth(new DefaultInstallationChart(new App(), 'default-installation', { namespace: 'seldon-mesh' }));
    const reference = chart('seldon-mesh');
    new DefaultServers(reference, 'servers');
    const servers = manifests.filter(m => m.kind === 'Server');
    expect(servers).toEqual(synth(reference));
    expect(servers.map(m => m.metadata.name)).toEqual(['mlserver', 'triton']);
  });

  test('default-installation: each model has exactly one server that can run it', () => {
    const app = new App();
    new DefaultInstallationChart(app, 'default-installation', { namespace: 'seldon-mesh' });
    expect(app.charts.flatMap(c => synth(c)).filter(m => m.kind === 'Model').map(m => m.metadata.name)).toEqual(['iris', 'tfsimple']);
    expect(Placement.of(app).warnings).toEqual([]);
    const report = Placement.of(app).toMarkdown();
    expect(report).toContain('| iris | mlserver |');
    expect(report).toContain('| tfsimple | triton |');
  });
});

describe('model examples reproduce the upstream model samples', () => {
  /** Synthesizes an example chart, failing on any placement error or warning. */
  function synthExample(make: (app: App) => Chart, app = new App()): any[] {
    const manifests = synth(make(app));
    expect(Placement.of(app).warnings).toEqual([]);
    return manifests;
  }

  test.each([
    ['sklearn-iris', 'models/sklearn-iris-gs.yaml', 'iris', (app: App) => new SklearnIrisChart(app, 'sklearn-iris')],
    ['custom-mlserver', 'models/iris-custom-server.yaml', 'iris', (app: App) => new CustomMlServerChart(app, 'custom-mlserver')],
    ['k8s-pvc', 'k8s-pvc/iris.yaml', 'iris', (app: App) => new K8sPvcChart(app, 'k8s-pvc')],
    ['minio-iris', 'models/sklearn-iris-minio.yaml', 'iris', (app: App) => new MinioIrisChart(app, 'minio-iris')],
    ['income-explainer', 'models/income.yaml', 'income', (app: App) => new IncomeExplainerChart(app, 'income-explainer')],
    ['income-explainer', 'models/income-explainer.yaml', 'income-explainer', (app: App) => new IncomeExplainerChart(app, 'income-explainer')],
    ['pandas-query', 'models/choice1.yaml', 'choice-is-one', (app: App) => new PandasQueryChart(app, 'pandas-query')],
    ['triton-models', 'models/multi-version-1.yaml', 'math', (app: App) => new TritonModelsChart(app, 'triton-models')],
    ['triton-models', 'models/tfsimple_scaling.yaml', 'tfsimple', (app: App) => new TritonModelsChart(app, 'triton-models')],
  ])('%s: Model equals %s', (_example, file, name, make) => {
    const model = only(synthExample(make), 'Model', name);
    const expected = sample(file);
    if (expected) {
      expect(model).toEqual(expected[0]);
    }
    expect(model.metadata).toEqual({ name });
    expect(typeof model.spec.storageUri).toBe('string');
  });

  test('the MinIO secret configures the remote of the storage URI', () => {
    const manifests = synthExample(app => new MinioIrisChart(app, 'minio-iris'));
    const secret = only(manifests, 'Secret');
    expect(secret.metadata.name).toBe(only(manifests, 'Model').spec.secretName);
    expect(Object.keys(secret.stringData)).toEqual(['s3']);
    expect(secret.stringData.s3).toMatch(/^name: s3$/m);
  });

  test('income-explainer explains the income model', () => {
    const manifests = synthExample(app => new IncomeExplainerChart(app, 'income-explainer'));
    expect(only(manifests, 'Model', 'income-explainer').spec.explainer).toEqual({ type: 'anchor_tabular', modelRef: 'income' });
  });

  test('the examples add no Server for the servers of the default installation', () => {
    const manifests = synthExample(app => new SklearnIrisChart(app, 'sklearn-iris'));
    expect(manifests.map(m => m.kind)).toEqual(['Model']);
  });

  test('placement-report places every model without warnings and reports each', () => {
    const app = new App();
    synthExample(scope => new PlacementReportChart(scope, 'placement-report', { namespace: 'seldon-mesh' }), app);
    const report = Placement.of(app).toMarkdown();
    expect(report).toContain('| large-vision | triton-gpu | mlserver: requirement "tensorflow" not advertised<br>');
    expect(report).toContain('| tfsimple | triton | mlserver: pinned to server "triton"');
    expect(report).toMatchSnapshot();
  });
});

describe('policy pack example', () => {
  test('policies passes every rule, with pinned images and the credentials in a secret referenced by name', () => {
    const app = new App();
    SeldonPolicies.enable(app);
    const manifests = synth(new PoliciesChart(app, 'policies', { namespace: 'seldon-mesh' }));
    expect(Placement.of(app).warnings).toEqual([]);
    expect(manifests.map(m => `${m.kind}/${m.metadata.name}`)).toEqual([
      'ServerConfig/mlserver-pinned', 'Server/mlserver-team', 'Model/iris', 'Server/triton-gpu', 'Model/cifar10',
    ]);
    const images = JSON.stringify(manifests).match(/"image":"[^"]*"/g);
    expect(images).toEqual([
      '"image":"docker.io/seldonio/seldon-rclone:2.9.1"', '"image":"docker.io/seldonio/seldon-agent:2.9.1"', '"image":"docker.io/seldonio/mlserver:1.7.1"',
      '"image":"docker.io/seldonio/seldon-rclone:2.9.1"', '"image":"docker.io/seldonio/seldon-agent:2.9.1"',
    ]);
    expect(only(manifests, 'Model', 'iris').spec).toMatchObject({ storageUri: 's3://models/iris', secretName: 's3-credentials', server: 'mlserver-team' });
    expect(manifests.map(m => m.kind)).not.toContain('Secret');
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

