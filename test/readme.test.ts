import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';

/** The fenced blocks of a language under a heading of the README. */
function blocks(heading: string, language: string): string[] {
  const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf-8');
  const start = readme.indexOf(`\n${heading}\n`);
  expect(start).toBeGreaterThanOrEqual(0);
  const next = readme.indexOf('\n## ', start + heading.length + 2);
  const section = readme.slice(start, next < 0 ? undefined : next);
  return [...section.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map(m => m[1]);
}

/** Runs the TypeScript program of a README section against the sources, and returns the error it throws. */
function runFailing(program: string): Error | undefined {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-'));
  const source = program
    .replace('\'cdk8s-seldon\'', JSON.stringify(path.join(__dirname, '..', 'src')))
    .replace('new App()', `new App({ outdir: ${JSON.stringify(outdir)} })`);
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  try {
    new Function('require', 'exports', js)(require, {});
  } catch (e) {
    return e as Error;
  }
  return undefined;
}

describe.each(['## Models and placement checks', '## Policy pack'])('README, "%s"', heading => {
  test('the failing example fails with the message shown', () => {
    const [program] = blocks(heading, 'ts');
    const [message] = blocks(heading, 'text');
    expect(runFailing(program)?.message).toBe(message.trimEnd());
  });
});
