/**
 * Synthesis benchmark: what synthesizing a fleet costs with cdk8s-seldon, against the same
 * manifests written as plain `ApiObject`s, measured in the same run.
 *
 * The fleet (bench/fleet.ts): 1,000 and 10,000 Servers (MlServer, TritonServer, CustomServer and
 * PvcServer with overrides), 100 per chart and namespace, and two Models per Server (one pinned
 * with `server.addModel()`, one placed by its requirements), every check on. Variants:
 *   - plain:   the same manifests as plain ApiObjects, one per manifest (the baseline);
 *   - nested:  the same plain ApiObjects in the library's tree shape (each the `Resource` child of
 *              a bare construct, pinned models under their server): what cdk8s itself charges
 *              for that tree, which every synthesis walks once per chart;
 *   - library: cdk8s-seldon.
 * All must synthesize byte-identical YAML, or the benchmark fails.
 *
 * Each measurement runs in a child process of its own: it warms up on 100 servers of the same
 * variant, then times building the fleet and `app.synthYaml()` (the whole synthesis: dependency
 * resolution, every validation pass, resolving and serializing; no file I/O), its CPU time, and
 * the process's peak RSS (`process.resourceUsage().maxRSS`), the memory the machine really had to
 * provide, which a heap delta would miss. The order of the variants rotates from run to run.
 *
 * It reports the median of the runs with the spread (min–max), the ratio to plain, and the growth
 * from 1,000 to 10,000 servers (10 is linear).
 *
 * Usage: npx projen bench:synthesis   (env BENCH_RUNS=n repetitions, default 3; BENCH_QUICK=1 for
 * 100 and 1,000 servers; BENCH_SERVERS_PER_CHART=n for charts of another size)
 */
import { spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdk8s';
import { buildLibrary, buildPlain, SERVERS_PER_CHART } from './fleet';

type Variant = 'plain' | 'nested' | 'library';

/** What one child measured. */
interface Measurement {
  readonly variant: Variant;
  readonly servers: number;
  /** Building the constructs, ms. */
  readonly constructMs: number;
  /** `app.synthYaml()`, ms. */
  readonly synthMs: number;
  /** CPU time of the process (all threads, user + system) while building and synthesizing, ms. */
  readonly cpuMs: number;
  /** Peak RSS of the process, MiB. */
  readonly peakRssMiB: number;
  /** RSS after the warm-up, before building the fleet, MiB. */
  readonly startRssMiB: number;
  readonly yamlBytes: number;
  readonly yamlSha256: string;
}

const BUILDERS: Record<Variant, (servers: number) => App> = {
  plain: servers => buildPlain(servers),
  nested: servers => buildPlain(servers, true),
  library: buildLibrary,
};

const LABELS: Record<Variant, string> = {
  plain: 'plain ApiObjects',
  nested: 'plain ApiObjects, library-shaped tree',
  library: 'cdk8s-seldon',
};

/** Child: warm up, build and synthesize one fleet, write its YAML, print the measurement. */
function child(variant: Variant, servers: number, yamlFile: string): void {
  const build = BUILDERS[variant];
  for (let i = 0; i < 3; i++) {
    build(100).synthYaml();
  }
  (global as any).gc?.();
  const startRss = process.memoryUsage().rss;
  const cpu = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const app = build(servers);
  const t1 = process.hrtime.bigint();
  const yaml = app.synthYaml();
  const t2 = process.hrtime.bigint();
  const cpuUsed = process.cpuUsage(cpu);
  const peakRss = process.resourceUsage().maxRSS * 1024;
  fs.writeFileSync(yamlFile, yaml);
  const measurement: Measurement = {
    variant,
    servers,
    constructMs: Number(t1 - t0) / 1e6,
    synthMs: Number(t2 - t1) / 1e6,
    cpuMs: (cpuUsed.user + cpuUsed.system) / 1000,
    peakRssMiB: peakRss / 2 ** 20,
    startRssMiB: startRss / 2 ** 20,
    yamlBytes: Buffer.byteLength(yaml),
    yamlSha256: createHash('sha256').update(yaml).digest('hex'),
  };
  process.stdout.write(`${JSON.stringify(measurement)}\n`);
}

/**
 * Runs TypeScript in a child with the transform the tests use (@swc/jest's @swc/core): ts-node would
 * also load the TypeScript compiler, 80 MiB more RSS in every measurement.
 */
const SWC_REGISTER = `
const fs = require('fs');
const swc = require('@swc/core');
require.extensions['.ts'] = (module, filename) => {
  const { code } = swc.transformSync(fs.readFileSync(filename, 'utf-8'), {
    filename, jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};
require(${JSON.stringify(__filename)});
`;

function measure(variant: Variant, servers: number, yamlFile: string): Measurement {
  const result = spawnSync(process.execPath, ['--expose-gc', '-e', SWC_REGISTER], {
    encoding: 'utf-8',
    maxBuffer: 2 ** 26,
    cwd: path.join(__dirname, '..'),
    env: { ...process.env, BENCH_CHILD: JSON.stringify([variant, servers, yamlFile]) },
  });
  if (result.status !== 0) {
    throw new Error(`the ${variant} run with ${servers} servers failed (exit ${result.status}):\n${result.stderr}`);
  }
  if (result.stderr.trim() !== '') {
    // the fleet is meant to be clean: a warning means the fleet or the library changed
    throw new Error(`the ${variant} run with ${servers} servers printed to stderr:\n${result.stderr}`);
  }
  const lines = result.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]);
}

/** Fails with the first differing line when two YAML files differ. */
function assertSameYaml(expectedFile: string, actualFile: string, what: string): void {
  const expected = fs.readFileSync(expectedFile);
  const actual = fs.readFileSync(actualFile);
  if (expected.equals(actual)) {
    return;
  }
  const a = expected.toString('utf-8').split('\n');
  const b = actual.toString('utf-8').split('\n');
  const line = a.findIndex((l, i) => l !== b[i]);
  throw new Error(`${what}: the YAML differs from the plain ApiObjects' (${expectedFile} vs ${actualFile}) at line ${line + 1}:\n`
    + `  plain: ${JSON.stringify(a[line])}\n  other: ${JSON.stringify(b[line])}`);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(2);
}

function spread(values: number[], format: (v: number) => string): string {
  return `${format(median(values))} (${format(Math.min(...values))}–${format(Math.max(...values))})`;
}

function main(): void {
  const quick = process.env.BENCH_QUICK === '1';
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  const sizes = quick ? [100, 1000] : [1000, 10000];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-seldon-synthesis-'));
  console.log(`cdk8s-seldon synthesis benchmark: node ${process.version}, ${os.cpus().length} CPUs, ${runs} runs per variant and size, `
    + `${SERVERS_PER_CHART} servers per chart, 2 models per server`);

  const variants: Variant[] = ['plain', 'nested', 'library'];
  const results = new Map<string, Measurement[]>();
  const key = (variant: Variant, servers: number) => `${variant}/${servers}`;
  const of = (variant: Variant, servers: number) => results.get(key(variant, servers))!;
  for (const servers of sizes) {
    for (let run = 0; run < runs; run++) {
      // rotate which variant goes first, so drift of the machine hits all alike
      const order = variants.map((_, i) => variants[(i + run) % variants.length]);
      for (const variant of order) {
        const file = path.join(dir, `${variant}-${servers}-${run}.yaml`);
        const m = measure(variant, servers, file);
        results.set(key(variant, servers), [...results.get(key(variant, servers)) ?? [], m]);
        process.stderr.write(`  ${servers} servers, run ${run + 1}, ${variant}: ${seconds(m.constructMs + m.synthMs)} s, peak RSS ${Math.round(m.peakRssMiB)} MiB\n`);
      }
      const plainFile = path.join(dir, `plain-${servers}-0.yaml`);
      for (const variant of variants) {
        assertSameYaml(plainFile, path.join(dir, `${variant}-${servers}-${run}.yaml`), `${servers} servers, run ${run + 1}, ${variant}`);
      }
    }
  }

  const wall = (m: Measurement) => m.constructMs + m.synthMs;
  const medianOf = (variant: Variant, servers: number, f: (m: Measurement) => number) => median(of(variant, servers).map(f));
  const rows: string[] = [
    '| servers (models, charts) | variant | wall: construct + synthYaml, s | CPU, s | of which construct, s | peak RSS, MiB | wall / plain |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const servers of sizes) {
    const label = `${servers.toLocaleString('en-US')} (${(2 * servers).toLocaleString('en-US')}, ${Math.ceil(servers / SERVERS_PER_CHART)})`;
    for (const variant of variants) {
      const ms = of(variant, servers);
      const ratio = variant === 'plain' ? '' : (medianOf(variant, servers, wall) / medianOf('plain', servers, wall)).toFixed(2);
      rows.push(`| ${label} | ${LABELS[variant]} | ${spread(ms.map(wall), seconds)} | ${seconds(median(ms.map(m => m.cpuMs)))} `
        + `| ${seconds(median(ms.map(m => m.constructMs)))} | ${spread(ms.map(m => m.peakRssMiB), v => String(Math.round(v)))} | ${ratio} |`);
    }
  }
  const [small, large] = sizes;
  const growth = (variant: Variant) => (medianOf(variant, large, wall) / medianOf(variant, small, wall)).toFixed(1);
  const memoryGrowth = (variant: Variant) => {
    const used = (servers: number) => medianOf(variant, servers, m => m.peakRssMiB - m.startRssMiB);
    return used(small) > 0 ? (used(large) / used(small)).toFixed(1) : 'n/a';
  };
  const yaml = of('plain', large)[0];
  console.log(`\nYAML byte-identical in every run and variant: ${(yaml.yamlBytes / 2 ** 20).toFixed(1)} MiB for ${large.toLocaleString('en-US')} servers `
    + `(sha256 ${yaml.yamlSha256.slice(0, 12)})\n`);
  console.log(rows.join('\n'));
  console.log(`\nmedian (min–max) of ${runs} runs. Growth ${small.toLocaleString('en-US')} → ${large.toLocaleString('en-US')} servers (10 is linear), `
    + `wall time: ${variants.map(v => `${growth(v)} ${LABELS[v]}`).join(', ')}; memory above the warmed-up process: `
    + `${variants.map(v => `${memoryGrowth(v)} ${LABELS[v]}`).join(', ')}.`);
  for (const servers of sizes) {
    console.log(`cdk8s-seldon / library-shaped plain at ${servers.toLocaleString('en-US')} servers: `
      + `${(medianOf('library', servers, wall) / medianOf('nested', servers, wall)).toFixed(2)} (wall), `
      + `${(medianOf('library', servers, m => m.cpuMs) / medianOf('nested', servers, m => m.cpuMs)).toFixed(2)} (CPU)`);
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

if (process.env.BENCH_CHILD) {
  const [variant, servers, yamlFile] = JSON.parse(process.env.BENCH_CHILD);
  child(variant, servers, yamlFile);
} else {
  main();
}
