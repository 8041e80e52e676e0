/**
 * Placement benchmark: what the synth-time placement checks cost.
 *
 * For each scenario it builds and synthesizes (`app.synthYaml()`), in the same process and run,
 * interleaved:
 *   - plain:       the manifests as plain `ApiObject`s (no checks at all);
 *   - unchecked:   the same Servers and Models built with cdk8s-seldon, placement checks switched off;
 *   - checked:     the same with placement checks, as users run it.
 * The YAML of all three must be identical. It reports, best of the runs, the placement cost, checked − unchecked, as a
 * ratio to the plain synthesis (absolute times depend on the machine; ratios much less), the
 * library's whole overhead checked / plain, and one placement computation timed on its own.
 *
 * Usage: npx projen bench:placement (also run by npx projen bench)   (env BENCH_RUNS=n repetitions, default 5;
 * BENCH_QUICK=1 for 1/10 size)
 */
import { ApiObject, App, Chart, Size } from 'cdk8s';
import { CustomServer, IServer, MlServer, Model, Placement, StorageUri, TritonServer } from '../src';

interface Scenario {
  readonly name: string;
  readonly namespaces: number;
  readonly serversPerNamespace: number;
  readonly modelsPerNamespace: number;
  /** `unique`: each model fits exactly one server. `everywhere`: every model fits every server (worst case). */
  readonly shape: 'unique' | 'everywhere';
}

const quick = process.env.BENCH_QUICK === '1';
const runs = Number(process.env.BENCH_RUNS ?? 5);
const scale = quick ? 10 : 1;

const SCENARIOS: Scenario[] = [
  { name: '50 namespaces x 20 servers, each model fits one server', namespaces: 50, serversPerNamespace: 20 / (quick ? 2 : 1), modelsPerNamespace: 200 / scale, shape: 'unique' },
  { name: '1 namespace, each model fits one server', namespaces: 1, serversPerNamespace: 1000 / scale, modelsPerNamespace: 10000 / scale, shape: 'unique' },
  { name: '1 namespace, every model fits every server (worst case)', namespaces: 1, serversPerNamespace: 1000 / scale, modelsPerNamespace: 10000 / scale, shape: 'everywhere' },
];

const URI = StorageUri.gcs('seldon-models', 'bench/model');

/** Builds the scenario with the library. */
function buildLibrary(scenario: Scenario): App {
  const app = new App({ outdir: '/tmp/cdk8s-seldon-bench' });
  Placement.of(app).printWarnings = false;
  for (let n = 0; n < scenario.namespaces; n++) {
    const chart = new Chart(app, `team-${n}`, { namespace: `team-${n}` });
    const servers: Array<{ server: IServer; framework: string }> = [];
    for (let i = 0; i < scenario.serversPerNamespace; i++) {
      const pool = scenario.shape === 'unique' ? [`pool-${i}`] : undefined;
      switch (i % 4) {
        case 0:
          servers.push({ server: new MlServer(chart, `mlserver-${i}`, { extraCapabilities: pool }), framework: 'sklearn' });
          break;
        case 1:
          servers.push({
            server: scenario.shape === 'unique'
              ? new TritonServer(chart, `triton-${i}`, { extraCapabilities: pool })
              : new MlServer(chart, `mlserver-${i}`, { replicas: 2 }),
            framework: scenario.shape === 'unique' ? 'tensorflow' : 'sklearn',
          });
          break;
        case 2:
          servers.push({
            server: new CustomServer(chart, `mlserver-134-${i}`, {
              image: 'seldonio/mlserver:1.3.4',
              capabilities: ['mlserver-1.3.4', 'sklearn', ...(pool ?? [])],
            }),
            framework: scenario.shape === 'unique' ? 'mlserver-1.3.4' : 'sklearn',
          });
          break;
        default:
          servers.push({
            server: new MlServer(chart, `mlserver-large-${i}`, {
              replicas: 3,
              minReplicas: 1,
              maxReplicas: 6,
              resources: { memory: { request: Size.gibibytes(4), limit: Size.gibibytes(4) } },
              extraCapabilities: pool,
            }),
            framework: 'sklearn',
          });
      }
    }
    for (let j = 0; j < scenario.modelsPerNamespace; j++) {
      const i = j % servers.length;
      const { server, framework } = servers[i];
      const requirements = scenario.shape === 'unique' ? [framework, `pool-${i}`] : ['sklearn'];
      if (scenario.shape === 'unique' && j % 5 === 0) {
        server.addModel(`model-${j}`, { storageUri: URI, requirements: [framework], memory: Size.kibibytes(100) });
      } else {
        const replicas = i % 4 === 3 ? 1 + (j % 3) : 1; // the large servers run 3 replicas
        new Model(chart, `model-${j}`, { storageUri: URI, requirements, memory: Size.mebibytes(j % 512), replicas });
      }
    }
  }
  return app;
}

/** Builds the scenario with the library, its placement checks switched off (registration skipped). */
function buildUnchecked(scenario: Scenario): App {
  const proto = Placement.prototype as any;
  const saved = { addServer: proto._addServer, addModel: proto._addModel, invalidate: proto._invalidate };
  proto._addServer = proto._addModel = proto._invalidate = () => undefined;
  try {
    return buildLibrary(scenario);
  } finally {
    proto._addServer = saved.addServer;
    proto._addModel = saved.addModel;
    proto._invalidate = saved.invalidate;
  }
}

/** The same manifests as plain ApiObjects, one chart per namespace. */
function buildPlain(manifests: Map<string, any[]>): App {
  const app = new App({ outdir: '/tmp/cdk8s-seldon-bench' });
  for (const [chartId, objects] of manifests) {
    const chart = new Chart(app, chartId);
    objects.forEach((manifest, i) => new ApiObject(chart, `o${i}`, manifest));
  }
  return app;
}

function time<T>(f: () => T): [T, number] {
  const start = process.hrtime.bigint();
  const result = f();
  return [result, Number(process.hrtime.bigint() - start) / 1e6];
}

/** The best of the runs: the least disturbed by the machine's noise and garbage collection. */
function best(values: number[]): number {
  return Math.min(...values);
}

function ms(value: number): string {
  return `${Math.round(value).toLocaleString('en-US')} ms`;
}

function runScenario(scenario: Scenario): void {
  const servers = scenario.namespaces * scenario.serversPerNamespace;
  const models = scenario.namespaces * scenario.modelsPerNamespace;
  const checked: number[] = [];
  const unchecked: number[] = [];
  const plain: number[] = [];
  const placement: number[] = [];
  let found = 0;

  // the manifests the library produces, grouped by chart, for the plain baseline
  const reference = buildLibrary(scenario);
  const [count, computeMs] = time(() => Placement.of(reference).warnings.length + Placement.of(reference).errors.length);
  found = count;
  placement.push(computeMs);
  const manifests = new Map(reference.charts.map(c => [c.node.id, c.toJson()]));
  const expected = buildPlain(manifests).synthYaml();

  for (let run = 0; run < runs; run++) {
    const [plainYaml, plainMs] = time(() => buildPlain(manifests).synthYaml());
    const [uncheckedYaml, uncheckedMs] = time(() => buildUnchecked(scenario).synthYaml());
    const [checkedYaml, checkedMs] = time(() => buildLibrary(scenario).synthYaml());
    if (plainYaml !== expected || uncheckedYaml !== expected || checkedYaml !== expected) {
      throw new Error('the three variants do not synthesize the same YAML');
    }
    plain.push(plainMs);
    unchecked.push(uncheckedMs);
    checked.push(checkedMs);
    const app = buildLibrary(scenario);
    placement.push(time(() => Placement.of(app).warnings)[1]);
  }
  const cost = best(checked) - best(unchecked);
  console.log(`\n${scenario.name}: ${models.toLocaleString('en-US')} models, ${servers.toLocaleString('en-US')} servers (best of ${runs} runs)`);
  console.log(`  plain ApiObjects, same manifests:           ${ms(best(plain))}`);
  console.log(`  library, placement checks off:              ${ms(best(unchecked))}`);
  console.log(`  library, placement checks on:               ${ms(best(checked))}`);
  console.log(`  placement cost (on − off):                  ${ms(cost)} = ${(cost / best(plain)).toFixed(2)} × plain synthesis`);
  console.log(`  library with checks / plain:                ${(best(checked) / best(plain)).toFixed(2)}`);
  console.log(`  one placement computation, timed alone:     ${ms(best(placement))} = ${(best(placement) / best(plain)).toFixed(2)} × plain synthesis`);
  console.log(`  placement findings (errors + warnings):     ${found.toLocaleString('en-US')}`);
}

const [, warmupMs] = time(() => buildLibrary({ ...SCENARIOS[0], namespaces: 2 }).synthYaml());
console.log(`cdk8s-seldon placement benchmark (node ${process.version}, warm-up ${ms(warmupMs)})`);
for (const scenario of SCENARIOS) {
  runScenario(scenario);
}
console.log(`\npeak RSS: ${Math.round(process.memoryUsage().rss / 2 ** 20)} MiB`);
