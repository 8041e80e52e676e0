/**
 * fast-check generators of valid and invalid props for the constructs.
 *
 * Runs are reproducible: the seed is fixed (FC_SEED, default 20261127) and printed with every
 * failure, so `FC_SEED=<seed> npx jest test/property` replays it. FC_RUNS changes the number of runs.
 */
import { Size } from 'cdk8s';
import { Cpu, EnvValue } from 'cdk8s-plus-27';
import * as fc from 'fast-check';
import { ServerOptions } from '../../src';

export const SEED = Number(process.env.FC_SEED ?? 20261127);
export const RUNS = Number(process.env.FC_RUNS ?? 1000);

/** Parameters for `fc.assert`: fixed seed, and the seed in the failure message. */
export function params(runs: number = RUNS): fc.Parameters<unknown> {
  return { seed: SEED, numRuns: runs, endOnFailure: true };
}

const lower = 'abcdefghijklmnopqrstuvwxyz';
const alnum = `${lower}0123456789`;

/** A DNS label starting with a letter: valid for Servers, containers and volumes. */
export function dnsLabel(maxLength: number): fc.Arbitrary<string> {
  return fc.tuple(
    fc.constantFrom(...lower),
    fc.array(fc.constantFrom(...alnum, '-'), { maxLength: Math.max(0, maxLength - 2) }),
    fc.constantFrom(...alnum),
  ).map(([first, middle, last]) => `${first}${middle.join('')}${last}`)
    .filter(name => name.length <= maxLength);
}

/** Capabilities are tags: no commas, no blanks. */
export const capability = fc.stringMatching(/^[a-z][a-z0-9.-]{0,15}$/);

export const capabilityList = fc.uniqueArray(capability, { minLength: 1, maxLength: 5 });

export const image = fc.tuple(dnsLabel(12), dnsLabel(12), fc.stringMatching(/^[0-9]{1,2}\.[0-9]{1,2}(\.[0-9]{1,2})?$/))
  .map(([registry, name, tag]) => `${registry}.example.com/${name}:${tag}`);

/** Replica settings Seldon accepts. */
export const scaling = fc.record({
  min: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
  span: fc.integer({ min: 0, max: 4 }),
  extra: fc.integer({ min: 0, max: 4 }),
  hasReplicas: fc.boolean(),
  hasMax: fc.boolean(),
}).map(({ min, span, extra, hasReplicas, hasMax }) => {
  const floor = min ?? 1;
  const replicas = hasReplicas ? Math.max(floor, 1) + Math.min(extra, span) : undefined;
  const max = hasMax ? Math.max(floor, replicas ?? floor, 1) + span : undefined;
  return { replicas, minReplicas: min, maxReplicas: max };
});

const envName = fc.stringMatching(/^[A-Z][A-Z0-9_]{0,20}$/).filter(n => !n.startsWith('SELDON_'));
export const env = fc.dictionary(envName, fc.string({ maxLength: 20 }), { maxKeys: 4 })
  .map(values => Object.fromEntries(Object.entries(values).map(([k, v]) => [k, EnvValue.fromValue(v)])));

/** Resources whose requests never exceed their limits, nor the built-in 1Gi memory limit. */
export const resources = fc.record({
  cpuMillis: fc.option(fc.integer({ min: 1, max: 8000 }), { nil: undefined }),
  memoryMi: fc.option(fc.integer({ min: 1, max: 65536 }), { nil: undefined }),
}).map(({ cpuMillis, memoryMi }) => ({
  cpu: cpuMillis === undefined ? undefined : { request: Cpu.millis(cpuMillis) },
  memory: memoryMi === undefined ? undefined : { request: Size.mebibytes(memoryMi), limit: Size.mebibytes(memoryMi) },
}));

export const toleration = fc.record({
  key: dnsLabel(20),
  operator: fc.constant('Exists'),
  effect: fc.constantFrom('NoSchedule', 'NoExecute', 'PreferNoSchedule'),
});

/** Props that every server construct accepts, all valid together. */
export const serverOptions: fc.Arbitrary<ServerOptions & { image?: string }> = fc.record({
  scaling,
  capabilitiesMode: fc.constantFrom('none', 'replace', 'extend'),
  capabilities: capabilityList,
  image: fc.option(image, { nil: undefined }),
  agentImage: fc.option(image, { nil: undefined }),
  env,
  resources: fc.option(resources, { nil: undefined }),
  gpus: fc.option(fc.integer({ min: 1, max: 8 }), { nil: undefined }),
  nodeSelector: fc.option(fc.dictionary(dnsLabel(12), dnsLabel(12), { minKeys: 1, maxKeys: 3 }), { nil: undefined }),
  tolerations: fc.array(toleration, { maxLength: 2 }),
  volumes: fc.uniqueArray(dnsLabel(12).map(n => `v-${n}`), { maxLength: 3 }),
  sidecars: fc.uniqueArray(dnsLabel(12).map(n => `side-${n}`), { maxLength: 2 }),
  disableAutoUpdate: fc.option(fc.boolean(), { nil: undefined }),
}).map(p => ({
  ...p.scaling,
  capabilities: p.capabilitiesMode === 'replace' ? p.capabilities : undefined,
  // `x-` keeps extra capabilities apart from every built-in one.
  extraCapabilities: p.capabilitiesMode === 'extend' ? p.capabilities.map(c => `x-${c}`) : undefined,
  image: p.image,
  agentImage: p.agentImage,
  env: Object.keys(p.env).length > 0 ? p.env : undefined,
  resources: p.resources,
  gpus: p.gpus,
  nodeSelector: p.nodeSelector,
  tolerations: p.tolerations.length > 0 ? p.tolerations : undefined,
  volumes: p.volumes.map(name => ({ name, emptyDir: {} })),
  volumeMounts: p.volumes.map((volume, i) => ({ volume, path: `/data/${i}` })),
  sidecars: p.sidecars.map((name, i) => ({ name, image: `sidecar.example.com/${name}:1`, ports: [{ containerPort: 20000 + i }] })),
  disableAutoUpdate: p.disableAutoUpdate,
}));

/** Values a JavaScript or Python caller might pass where a replica count belongs. */
export const junk = fc.oneof(fc.string(), fc.double(), fc.integer({ min: -5, max: -1 }), fc.constant(null), fc.boolean());

/**
 * Runs a construction that must be refused and returns its error, asserting it is one of the
 * library's messages (naming the construct's class) and not a crash of JavaScript itself.
 */
export function refusal(kind: string, construct: () => unknown): Error {
  let error: unknown;
  try {
    construct();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(Error);
  expect(error).not.toBeInstanceOf(TypeError);
  expect(error).not.toBeInstanceOf(RangeError);
  expect((error as Error).message).not.toMatch(/undefined|\[object Object\]|NaN/);
  expect((error as Error).message.startsWith(`${kind} `)).toBe(true);
  return error as Error;
}
