import * as fs from 'fs';
import * as path from 'path';
import { cdk8s, javascript, typescript } from 'projen';

const project = new cdk8s.ConstructLibraryCdk8s({
  name: 'cdk8s-seldon',
  description: 'Typed cdk8s constructs for Seldon Core v2 servers, server configs and models, with synth-time checks of what Seldon would otherwise reject at run time.',
  author: 'cdk8s-seldon contributors',
  authorAddress: 'cdk8s-seldon@example.com',
  repositoryUrl: 'https://example.invalid/cdk8s-seldon.git',
  license: 'Apache-2.0',
  keywords: ['cdk8s', 'seldon', 'seldon-core', 'mlops', 'kubernetes', 'inference', 'mlserver', 'triton'],
  stability: 'experimental',
  defaultReleaseBranch: 'main',
  projenrcTs: true,
  projenrcTsOptions: { runner: typescript.TypeScriptRunner.tsNode({ swc: true }) },
  packageManager: javascript.NodePackageManager.NPM,
  minNodeVersion: '20.0.0',

  cdk8sVersion: '2.70.106',
  constructsVersion: '10.8.1',
  jsiiVersion: '~6.0.0',
  peerDeps: ['cdk8s-plus-27@^2.9.5'],
  devDeps: [
    'cdk8s-cli@^2.207.60',
    'ajv@^8.20.0',
    'yaml@^2.9.1',
    'fast-check@^4',
    '@swc/core@^1.16.22',
    '@swc/jest@^0.2.39',
  ],

  // Nothing here runs on GitHub: keep the tree honest about what actually runs.
  github: false,
  release: false,
  depsUpgrade: false,
  sampleCode: false,

  typecheckTests: true,
  jestOptions: {
    // `test` runs `jest --ci`: snapshots are never rewritten silently; `test:update` does it on purpose.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      coveragePathIgnorePatterns: ['/node_modules/', '/test/'],
      testPathIgnorePatterns: ['/node_modules/', '/dist/'],
      coverageReporters: ['json', 'lcov', 'text-summary'],
    },
  },
});

// @swc/jest instead of ts-jest: same results, a third of the cold start.
project.package.file.addOverride('jest.transform', {
  '^.+\\.[t]sx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
});
project.deps.removeDependency('ts-jest');

project.tasks.addEnvironment('JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION', '20');

// Examples and benchmarks are type-checked and linted like the rest, but never packed.
for (const dir of ['examples', 'bench'].filter(d => fs.existsSync(path.join(__dirname, d)))) {
  new javascript.TypescriptConfig(project, {
    fileName: `${dir}/tsconfig.json`,
    extends: javascript.TypescriptConfigExtends.fromPaths(['../tsconfig.json']),
    compilerOptions: { rootDir: '..', noEmit: true, isolatedModules: true },
    include: ['**/*.ts'],
    exclude: ['node_modules'],
  });
  project.eslint?.addLintPattern(dir);
  project.npmignore?.exclude(`/${dir}/`);
  project.testTask.prependExec(`tsc --noEmit -p ${dir}/tsconfig.json`);
}
project.npmignore?.exclude('/.ci/', '/scripts/');

// `examples`: every examples/*.ts is a cdk8s app; the real cdk8s CLI synthesizes each into dist/examples/<name>/,
// then every manifest written there is checked against the Seldon CRDs.
const examplesTask = project.addTask('examples', {
  description: 'Synthesize every example app into YAML under dist/examples/ with the cdk8s CLI',
});
examplesTask.exec('scripts/synth-examples.sh');
// The build synthesizes the examples too, so a red example is a red build.
project.postCompileTask.spawn(examplesTask);

// Benchmarks: never part of the build. Each compares against plain ApiObjects in the same run.
const benchSynthesis = project.addTask('bench:synthesis', {
  description: 'Synthesis benchmark: fleets of 1,000 and 10,000 servers with models, library vs plain ApiObjects (time, peak memory, growth)',
});
benchSynthesis.exec('ts-node --swc --project bench/tsconfig.json bench/synthesis.ts');
const benchPlacement = project.addTask('bench:placement', {
  description: 'Placement benchmark: what the synth-time placement checks cost (10,000 models, 1,000 servers)',
});
benchPlacement.exec('ts-node --swc --project bench/tsconfig.json bench/run.ts');
const benchTask = project.addTask('bench', {
  description: 'Run the synthesis and placement benchmarks (ratios against plain ApiObjects in the same run)',
});
benchTask.spawn(benchSynthesis);
benchTask.spawn(benchPlacement);

project.synth();
