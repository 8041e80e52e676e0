/**
 * The fleet the synthesis benchmark builds: Servers of the four kinds with overrides, spread over
 * charts (one namespace each, 100 servers per chart), and two Models per Server (one pinned with
 * `server.addModel()`, one placed by its requirements). Built twice from the same description:
 * with cdk8s-seldon (all checks on) and as plain `ApiObject`s written by hand. Both must
 * synthesize byte-identical YAML.
 */
import { ApiObject, App, Chart, Size } from 'cdk8s';
import { Cpu, EnvValue, k8s, PersistentVolumeClaim } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { CustomServer, IServer, MlServer, Model, PvcServer, StorageUri, TritonServer } from '../src';

/** Servers per chart (and namespace): 100, or `BENCH_SERVERS_PER_CHART`. */
export const SERVERS_PER_CHART = Number(process.env.BENCH_SERVERS_PER_CHART ?? 100);

const OUTDIR = '/tmp/cdk8s-seldon-bench';

/** Kind of server at index `i`: an even mix of the four server constructs. */
function kind(i: number): 'mlserver' | 'triton' | 'custom' | 'pvc' {
  return (['mlserver', 'triton', 'custom', 'pvc'] as const)[i % 4];
}

function chartsFor(servers: number): number {
  return Math.ceil(servers / SERVERS_PER_CHART);
}

function serversIn(chart: number, servers: number): number {
  return Math.min(SERVERS_PER_CHART, servers - chart * SERVERS_PER_CHART);
}

const GCS = (path: string) => StorageUri.gcs('seldon-models', path);

/** The fleet built with cdk8s-seldon: every check on, as users run it. */
export function buildLibrary(servers: number): App {
  const app = new App({ outdir: OUTDIR });
  for (let c = 0; c < chartsFor(servers); c++) {
    const namespace = `team-${c}`;
    const chart = new Chart(app, namespace, { namespace });
    const claim = PersistentVolumeClaim.fromClaimName(chart, 'Models', 'models');
    for (let i = 0; i < serversIn(c, servers); i++) {
      const pool = `pool-${i}`;
      let server: IServer;
      let framework: string;
      switch (kind(i)) {
        case 'mlserver':
          server = new MlServer(chart, `mlserver-${i}`, {
            metadata: { labels: { team: namespace } },
            replicas: 2,
            resources: { cpu: { request: Cpu.millis(500) }, memory: { request: Size.gibibytes(2), limit: Size.gibibytes(2) } },
            env: { MLSERVER_PARALLEL_WORKERS: EnvValue.fromValue('2'), MLSERVER_LOG_LEVEL: EnvValue.fromValue(i % 8 === 0 ? 'debug' : 'info') },
            tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'ml', effect: 'NoSchedule' }],
            extraCapabilities: [pool],
          });
          framework = 'sklearn';
          break;
        case 'triton':
          server = new TritonServer(chart, `triton-${i}`, {
            image: 'nvcr.io/nvidia/tritonserver:24.04-py3',
            gpus: 1,
            nodeSelector: { 'cloud.google.com/gke-accelerator': 'nvidia-l4' },
            tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
            extraCapabilities: [pool],
          });
          framework = 'onnx';
          break;
        case 'custom':
          server = new CustomServer(chart, `custom-${i}`, {
            image: `registry.example.com/mlserver-custom:1.6.${i % 10}`,
            capabilities: ['mlserver', 'sklearn', 'custom-runtime', pool],
            volumes: [{ name: 'runtime-settings', configMap: { name: 'runtime-settings' } }],
            volumeMounts: [{ volume: 'runtime-settings', path: '/mnt/settings', readOnly: true }],
            agentImage: i % 8 === 2 ? 'docker.io/seldonio/seldon-agent:2.9.0' : undefined,
          });
          framework = 'custom-runtime';
          break;
        default:
          server = new PvcServer(chart, `pvc-${i}`, {
            claim,
            readOnly: true,
            extraCapabilities: [pool],
            podOverride: { priorityClassName: 'inference' },
            sidecars: i % 8 === 3 ? [{ name: 'log-shipper', image: 'fluent/fluent-bit:3.0', resources: { requests: { memory: k8s.Quantity.fromString('64Mi') } } }] : undefined,
          });
          framework = 'sklearn';
      }
      // one model pinned to the server, one placed by its requirements (it fits this server only)
      server.addModel(`model-${i}-a`, {
        storageUri: kind(i) === 'pvc' ? undefined : GCS(`fleet/${i}/a`),
        requirements: [framework],
        memory: Size.kibibytes(100),
      });
      new Model(chart, `model-${i}-b`, {
        storageUri: GCS(`fleet/${i}/b`),
        requirements: [framework, pool],
        memory: Size.mebibytes(64 + (i % 8) * 32),
        replicas: kind(i) === 'mlserver' ? 2 : undefined,
      });
    }
  }
  return app;
}

/**
 * The same manifests written by hand as plain `ApiObject`s, in the same charts and order.
 *
 * `nested` shapes the construct tree like the library's: each ApiObject is the `Resource` child of
 * a bare `Construct`, models pinned to a server sit under the server's, and each chart and the
 * root get one more construct (the claim, placement). It synthesizes the same YAML and shows what
 * cdk8s itself charges for that tree.
 */
export function buildPlain(servers: number, nested: boolean = false): App {
  const app = new App({ outdir: OUTDIR });
  const object = (scope: Construct, id: string, manifest: any) => {
    if (!nested) {
      new ApiObject(scope, id, manifest);
      return scope;
    }
    const wrapper = new Construct(scope, id);
    new ApiObject(wrapper, 'Resource', manifest);
    return wrapper;
  };
  const server = (chart: Chart, name: string, spec: any, labels?: { [key: string]: string }) =>
    object(chart, name, { apiVersion: 'mlops.seldon.io/v1alpha1', kind: 'Server', metadata: { name, labels }, spec });
  const model = (scope: Construct, name: string, spec: any) =>
    object(scope, name, { apiVersion: 'mlops.seldon.io/v1alpha1', kind: 'Model', metadata: { name }, spec });
  for (let c = 0; c < chartsFor(servers); c++) {
    const namespace = `team-${c}`;
    const chart = new Chart(app, namespace, { namespace });
    if (nested) {
      new Construct(chart, 'Models');
      if (c === 0) {
        new Construct(app, 'cdk8s-seldon.Placement');
      }
    }
    for (let i = 0; i < serversIn(c, servers); i++) {
      const pool = `pool-${i}`;
      let name: string;
      let serverScope: Construct;
      let framework: string;
      let pinnedUri = `gs://seldon-models/fleet/${i}/a`;
      const pinnedRequirements: string[] = [];
      switch (kind(i)) {
        case 'mlserver':
          name = `mlserver-${i}`;
          framework = 'sklearn';
          serverScope = server(chart, name, {
            serverConfig: 'mlserver',
            extraCapabilities: [pool],
            replicas: 2,
            podSpec: {
              containers: [{
                name: 'mlserver',
                env: [{ name: 'MLSERVER_LOG_LEVEL', value: i % 8 === 0 ? 'debug' : 'info' }, { name: 'MLSERVER_PARALLEL_WORKERS', value: '2' }],
                resources: { requests: { cpu: '500m', memory: '2Gi' }, limits: { memory: '2Gi' } },
              }],
              tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'ml', effect: 'NoSchedule' }],
            },
          }, { team: namespace });
          break;
        case 'triton':
          name = `triton-${i}`;
          framework = 'onnx';
          serverScope = server(chart, name, {
            serverConfig: 'triton',
            extraCapabilities: [pool],
            podSpec: {
              containers: [{
                name: 'triton',
                image: 'nvcr.io/nvidia/tritonserver:24.04-py3',
                resources: { requests: { 'nvidia.com/gpu': 1 }, limits: { 'nvidia.com/gpu': 1 } },
              }],
              nodeSelector: { 'cloud.google.com/gke-accelerator': 'nvidia-l4' },
              tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
            },
          });
          break;
        case 'custom':
          name = `custom-${i}`;
          framework = 'custom-runtime';
          serverScope = server(chart, name, {
            serverConfig: 'mlserver',
            capabilities: ['mlserver', 'sklearn', 'custom-runtime', pool],
            podSpec: {
              containers: [
                ...(i % 8 === 2 ? [{ name: 'agent', image: 'docker.io/seldonio/seldon-agent:2.9.0' }] : []),
                {
                  name: 'mlserver',
                  image: `registry.example.com/mlserver-custom:1.6.${i % 10}`,
                  volumeMounts: [{ name: 'runtime-settings', mountPath: '/mnt/settings', readOnly: true }],
                },
              ],
              volumes: [{ name: 'runtime-settings', configMap: { name: 'runtime-settings' } }],
            },
          });
          break;
        default:
          name = `pvc-${i}`;
          framework = 'sklearn';
          pinnedUri = `/var/models/model-${i}-a`;
          pinnedRequirements.push('pvc');
          serverScope = server(chart, name, {
            serverConfig: 'mlserver',
            extraCapabilities: [pool, 'pvc'],
            podSpec: {
              containers: [
                { name: 'rclone', volumeMounts: [{ name: 'models-pvc', mountPath: '/var/models', readOnly: true }] },
                ...(i % 8 === 3 ? [{ name: 'log-shipper', image: 'fluent/fluent-bit:3.0', resources: { requests: { memory: '64Mi' } } }] : []),
              ],
              priorityClassName: 'inference',
              volumes: [{ name: 'models-pvc', persistentVolumeClaim: { claimName: 'models', readOnly: true } }],
            },
          });
      }
      model(serverScope, `model-${i}-a`, {
        storageUri: pinnedUri,
        requirements: [framework, ...pinnedRequirements],
        memory: '100Ki',
        server: name,
      });
      model(chart, `model-${i}-b`, {
        storageUri: `gs://seldon-models/fleet/${i}/b`,
        requirements: [framework, pool],
        memory: `${64 + (i % 8) * 32}Mi`,
        replicas: kind(i) === 'mlserver' ? 2 : undefined,
      });
    }
  }
  return app;
}
