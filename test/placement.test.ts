import { App, Chart, Size, Testing } from 'cdk8s';
import { EnvValue } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { LlmServerConfigChart } from '../examples/llm-serverconfig';
import { CustomServer, DefaultServers, IServer, MlServer, Model, Placement, Server, ServerConfig, StorageUri, TritonServer } from '../src';
import { chart, synth } from './util/synth';

const URI = StorageUri.gcs('seldon-models', 'models/any');

/** A chart in `seldon-mesh` with the default installation's servers declared. */
function defaultInstallation(app = Testing.app()): Chart {
  const c = new Chart(app, 'models', { namespace: 'seldon-mesh' });
  Server.fromName(c, 'mlserver', 'mlserver');
  Server.fromName(c, 'triton', 'triton');
  return c;
}

function validationError(c: Chart): string {
  try {
    synth(c);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected the synthesis to fail');
}

afterEach(() => {
  jest.restoreAllMocks();
  delete process.env.CDK8S_SELDON_STRICT;
});

describe('a model no server can host fails the synthesis', () => {
  test('with the first rule each server of its namespace breaks', () => {
    const c = defaultInstallation();
    new Model(c, 'iris', { storageUri: URI, requirements: ['sklearn', 'foobar'] });
    expect(validationError(c)).toBe([
      'Validation failed with the following errors:',
      '  [models/iris] Model "iris" at \'models/iris\': no Server in namespace "seldon-mesh" can host it; Seldon\'s scheduler would leave it ScheduleFailed.',
      '    - mlserver: requirement "foobar" not advertised by mlserver (advertises: mlserver, alibi-detect, alibi-explain, huggingface, lightgbm, mlflow, '
        + 'python, sklearn, spark-mlib, xgboost).',
      '    - triton: requirement "sklearn" not advertised by triton (advertises: triton, dali, fil, onnx, openvino, python, pytorch, tensorflow, tensorrt).',
    ].join('\n'));
  });

  test('one error per model, with a suggestion for a typo', () => {
    const c = defaultInstallation();
    new Model(c, 'iris', { storageUri: URI, requirements: ['sklaern'] });
    new Model(c, 'cifar', { storageUri: URI, requirements: ['tensorflw'] });
    const message = validationError(c);
    expect(message.match(/\[models\/(iris|cifar)\]/g)).toEqual(['[models/iris]', '[models/cifar]']);
    expect(message).toContain('- mlserver: requirement "sklaern" not advertised by mlserver (advertises: mlserver, alibi-detect, alibi-explain, huggingface, '
      + 'lightgbm, mlflow, python, sklearn, spark-mlib, xgboost). Did you mean "sklearn"?');
    expect(message).toContain('Did you mean "tensorflow"?');
  });

  test('a pinned model fails on its server and names the pin for the others', () => {
    const c = defaultInstallation();
    const custom = new CustomServer(c, 'mlserver-134', { image: 'seldonio/mlserver:1.3.4', capabilities: ['mlserver-1.3.4'] });
    custom.addModel('iris', { storageUri: URI, requirements: ['sklearn'] });
    const message = validationError(c);
    expect(message).toContain('- mlserver: the model is pinned to server "mlserver-134"');
    expect(message).toContain('- mlserver-134: requirement "sklearn" not advertised by mlserver-134 (advertises: mlserver-1.3.4).');
  });

  test.each<[string, (c: Chart) => void, string]>([
    ['memory', c => new Model(c, 'big', { storageUri: URI, requirements: ['sklearn'], memory: Size.gibibytes(2) }),
      '- mlserver: the model needs 2 GiB of memory; one replica of mlserver holds 1.10 GiB (its memory request plus overcommit).'],
    ['replicas', c => new Model(c, 'big', { storageUri: URI, requirements: ['sklearn'], replicas: 2 }),
      '- mlserver: the model needs 2 replicas; mlserver runs 1, and Seldon puts at most one replica of a model on each server replica.'],
    ['explainer', c => new Model(c, 'big', { storageUri: URI, requirements: ['python'], explainer: { type: 'anchor_tabular' }, memory: Size.gibibytes(2) }),
      '- triton: the model is an explainer, which needs capability "alibi-explain", not advertised by triton'],
    ['modelType', c => new Model(c, 'big', { storageUri: URI, modelType: 'pytorch', requirements: ['python'], replicas: 2 }),
      '- mlserver: modelType "pytorch" not advertised by mlserver'],
  ])('%s', (_rule, make, line) => {
    const c = defaultInstallation();
    make(c);
    expect(validationError(c)).toContain(line);
  });

  test('a server scaled to zero hosts nothing', () => {
    const c = chart();
    new MlServer(c, 'mlserver', { replicas: 0, minReplicas: 0 });
    new Model(c, 'iris', { storageUri: URI });
    expect(validationError(c)).toContain('- mlserver: mlserver has 0 replicas; Seldon places nothing on a server scaled to zero');
  });

  test('when no server is declared in the namespace, says how to declare them and where servers are', () => {
    const app = Testing.app();
    defaultInstallation(app);
    const c = new Chart(app, 'other', { namespace: 'team-a' });
    new Model(c, 'iris', { storageUri: URI });
    expect(validationError(c)).toContain('[other/iris] Model "iris" at \'other/iris\': no Server is declared in namespace "team-a", so Seldon\'s scheduler would '
      + 'leave the model ScheduleFailed. Declare the servers it can run on: Server constructs, or Server.fromName() for servers that already exist '
      + '(Seldon\'s default installation has "mlserver" and "triton"). Servers are declared in namespace "seldon-mesh"; a model is only placed on servers '
      + 'of its own namespace.');
  });

  test('an app without servers gets the same advice', () => {
    const c = chart();
    new Model(c, 'iris', { storageUri: URI });
    expect(validationError(c)).toMatch(/no Server is declared in the namespace kubectl applies to \(none set\), .*"triton"\)\.$/);
  });
});

describe('the checks follow the scheduler', () => {
  test('a model fits a server with native autoscaling up to its maxReplicas', () => {
    const c = chart();
    new MlServer(c, 'autoscaled', { replicas: 1, minReplicas: 1, maxReplicas: 3 });
    new Model(c, 'grows', { storageUri: URI, replicas: 3 });
    expect(() => synth(c)).not.toThrow();
    expect(Placement.of(c).warnings).toEqual([]);
  });

  test('memory per replica follows the server\'s memory request', () => {
    const c = chart();
    new MlServer(c, 'large', { resources: { memory: { request: Size.gibibytes(4), limit: Size.gibibytes(4) } } });
    new Model(c, 'llm', { storageUri: URI, memory: Size.gibibytes(4) });
    expect(() => synth(c)).not.toThrow();
  });

  test('servers advertise what their capabilities props say', () => {
    const c = chart();
    new CustomServer(c, 'mlserver-134', { image: 'seldonio/mlserver:1.3.4', capabilities: ['mlserver-1.3.4'] });
    new TritonServer(c, 'triton-gpu', { extraCapabilities: ['gpu'] });
    new Model(c, 'legacy', { storageUri: URI, requirements: ['mlserver-1.3.4'] });
    new Model(c, 'vision', { storageUri: URI, requirements: [' gpu', 'tensorflow'] });
    expect(() => synth(c)).not.toThrow();
  });

  test('a model pinned to an IServer of its own still gets checked', () => {
    class ExternalServer extends Construct implements IServer {
      public readonly name = 'external';
      public readonly serverConfig = ServerConfig.MLSERVER;
      public readonly capabilities = ['sklearn'];
      public readonly scaling = { replicas: 1, minReplicas: 0 };
      public readonly memoryCapacity = Size.mebibytes(1);
      public addModel(id: string): Model {
        return new Model(this, id, { storageUri: URI, server: this });
      }
    }
    const c = chart();
    const external = new ExternalServer(c, 'External');
    new Model(c, 'small', { storageUri: URI, server: external, memory: Size.kibibytes(100) });
    external.addModel('other');
    new Model(c, 'big', { storageUri: URI, server: external, memory: Size.mebibytes(2) });
    expect(validationError(c)).toContain('- external: the model needs 2 MiB of memory; one replica of external holds 1 MiB');
  });
});

describe('with the other server constructs', () => {
  test('DefaultServers: models land on mlserver or triton by their requirements', () => {
    const c = chart('seldon-mesh');
    new DefaultServers(c, 'servers');
    new Model(c, 'iris', { storageUri: URI, requirements: ['sklearn'] });
    new Model(c, 'cifar', { storageUri: URI, requirements: ['tensorflow'] });
    new Model(c, 'wide', { storageUri: URI, requirements: ['sklearn'], replicas: 2 });
    expect(validationError(c)).toContain('- mlserver: the model needs 2 replicas; mlserver runs 1 and autoscales to at most 1');
    expect(Placement.of(c).errors.map(e => e.path)).toEqual(['test/wide']);
  });

  test('a server on an authored ServerConfig advertises its capabilities and memory', () => {
    const app = Testing.app();
    const example = new LlmServerConfigChart(app, 'llm', { namespace: 'seldon-mesh' });
    new Model(example, 'tiny-llama', { storageUri: URI, requirements: ['llm'], memory: Size.gibibytes(30) });
    new Model(example, 'iris', { storageUri: URI, requirements: ['sklearn'] });
    expect(Placement.of(app).errors.map(e => e.message)).toEqual([expect.stringContaining(
      '- llm: requirement "sklearn" not advertised by llm (advertises: mlserver, huggingface, python, llm).')]);
  });
});

describe('warnings', () => {
  test('several servers can host an unpinned model: placement is arbitrary', () => {
    const c = defaultInstallation();
    new Model(c, 'pyfunc', { storageUri: URI, requirements: ['python'] });
    new Model(c, 'pinned', { storageUri: URI, requirements: ['python'], server: Server.fromName(c, 'triton-ref', 'triton') });
    expect(Placement.of(c).warnings).toEqual([{
      path: 'models/pyfunc',
      message: 'Model "pyfunc" at \'models/pyfunc\': 2 Servers can host it (mlserver, triton) and Seldon picks one of them arbitrarily. '
        + 'Pin the model with `server` (or create it with server.addModel()), or add a requirement only one of them advertises.',
    }]);
  });

  test('long candidate lists are cut short', () => {
    const c = chart();
    for (let i = 0; i < 12; i++) {
      new MlServer(c, `mlserver-${String(i).padStart(2, '0')}`);
    }
    new Model(c, 'iris', { storageUri: URI });
    expect(Placement.of(c).warnings[0].message).toContain('More than 10 Servers can host it (mlserver-00, mlserver-01, mlserver-02, mlserver-03, '
      + 'mlserver-04, mlserver-05, mlserver-06, mlserver-07, mlserver-08, mlserver-09, …)');
  });

  test('a model that only fits partially', () => {
    const c = chart();
    new MlServer(c, 'mlserver', { replicas: 2 });
    new Model(c, 'iris', { storageUri: URI, replicas: 3, minReplicas: 2 });
    expect(Placement.of(c).warnings.map(w => w.message)).toEqual([
      'Model "iris" at \'test/iris\': it asks for 3 replicas but at most 2 fit (on mlserver, one model replica per server replica); minReplicas 2 lets '
        + 'Seldon run it with fewer. Give the server more replicas or lower `replicas`.',
    ]);
  });

  test('are printed once per synthesis run, with the construct path, and do not fail it', () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const c = defaultInstallation();
    new Model(c, 'pyfunc', { storageUri: URI, requirements: ['python'] });
    synth(c);
    synth(c);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toMatch(/^\[cdk8s-seldon\] Warning: Model "pyfunc" at 'models\/pyfunc': 2 Servers can host it/);
  });

  test('printing can be turned off', () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const c = defaultInstallation();
    new Model(c, 'pyfunc', { storageUri: URI, requirements: ['python'] });
    Placement.of(c).printWarnings = false;
    synth(c);
    expect(warn).not.toHaveBeenCalled();
    expect(Placement.of(c).warnings).toHaveLength(1);
  });

  test('printing turned back on prints at the next synthesis', () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const c = defaultInstallation();
    new Model(c, 'pyfunc', { storageUri: URI, requirements: ['python'] });
    Placement.of(c).printWarnings = false;
    synth(c);
    Placement.of(c).printWarnings = true;
    synth(c);
    expect(warn).toHaveBeenCalledTimes(1);
  });

  describe('fail the synthesis when strict', () => {
    function ambiguous(app: App): Chart {
      const c = defaultInstallation(app);
      new Model(c, 'pyfunc', { storageUri: URI, requirements: ['python'] });
      return c;
    }

    test.each<[string, (app: App) => void]>([
      ['Placement.strict', app => { Placement.of(app).strict = true; }],
      ['the context key', app => app.node.setContext(Placement.STRICT_CONTEXT_KEY, true)],
      ['the environment variable', () => { process.env.CDK8S_SELDON_STRICT = '1'; }],
    ])('set with %s', (_how, setStrict) => {
      const app = Testing.app();
      setStrict(app);
      const c = ambiguous(app);
      expect(Placement.of(app).strict).toBe(true);
      expect(validationError(c)).toMatch(/\[models\/pyfunc\] Model "pyfunc" at 'models\/pyfunc': 2 Servers can host it \(mlserver, triton\)/);
      expect(Placement.of(app).errors.map(e => e.path)).toEqual(['models/pyfunc']);
    });

    test('not by default', () => {
      const app = Testing.app();
      const c = ambiguous(app);
      expect(Placement.of(app).strict).toBe(false);
      expect(Placement.of(app).errors).toEqual([]);
      Placement.of(app).printWarnings = false;
      expect(() => synth(c)).not.toThrow();
    });
  });
});

describe('names are unique per namespace', () => {
  test('two Server constructs of the same name', () => {
    const app = Testing.app();
    new MlServer(new Chart(app, 'a', { namespace: 'ns' }), 'mlserver');
    new MlServer(new Chart(app, 'b', { namespace: 'ns' }), 'mlserver');
    expect(Placement.of(app).errors).toEqual([{
      path: 'b/mlserver',
      message: 'MlServer "mlserver" at \'b/mlserver\': another Server named "mlserver" is declared in namespace "ns" at \'a/mlserver\'. '
        + 'A namespace holds one Server per name; rename one of them, or pin models to the existing construct.',
    }]);
  });

  test('a Server construct and a reference to the same name', () => {
    const c = chart('ns');
    new MlServer(c, 'mlserver');
    Server.fromName(c, 'ref', 'mlserver');
    expect(Placement.of(c).errors.map(e => e.path)).toEqual(['test/ref']);
  });

  test('references to the same server are fine when they agree, and refused when they do not', () => {
    const app = Testing.app();
    Server.fromName(new Chart(app, 'a', { namespace: 'ns' }), 'mlserver', 'mlserver');
    const b = new Chart(app, 'b', { namespace: 'ns' });
    Server.fromName(b, 'mlserver', 'mlserver');
    expect(Placement.of(app).errors).toEqual([]);
    Server.fromName(b, 'mlserver-again', 'mlserver', { replicas: 3 });
    expect(Placement.of(app).errors).toEqual([{
      path: 'b/mlserver-again',
      message: 'ExistingServer "mlserver" at \'b/mlserver-again\': Server "mlserver" in namespace "ns" is also declared at \'a/mlserver\' with different '
        + 'capabilities, replicas or memory. Declare an existing Server once.',
    }]);
  });

  test('two models of the same name', () => {
    const app = Testing.app();
    const a = defaultInstallation(app);
    new Model(a, 'iris', { storageUri: URI, requirements: ['sklearn'] });
    const b = new Chart(app, 'more', { namespace: 'seldon-mesh' });
    new Model(b, 'Iris', { storageUri: URI, requirements: ['sklearn'], metadata: { name: 'iris' } });
    expect(validationError(a)).toContain('[more/Iris] Model "iris" at \'more/Iris\': another Model named "iris" is declared in namespace "seldon-mesh" at '
      + '\'models/iris\'. Seldon would treat one as a new version of the other; give them different names.');
  });
});

describe('cost', () => {
  test('the checks run once per synthesis, not once per model', () => {
    const c = defaultInstallation();
    for (let i = 0; i < 20; i++) {
      new Model(c, `iris-${i}`, { storageUri: URI, requirements: ['sklearn'] });
    }
    const compute = jest.spyOn(Placement.prototype as any, 'compute');
    synth(c);
    expect(compute).toHaveBeenCalledTimes(1);
  });

  test('once per synthesis of an app, although cdk8s validates the app again for every chart', () => {
    const app = Testing.app();
    for (const team of ['a', 'b', 'c']) {
      const c = new Chart(app, team, { namespace: team });
      new MlServer(c, 'mlserver');
      new Model(c, 'iris', { storageUri: URI });
    }
    const compute = jest.spyOn(Placement.prototype as any, 'compute');
    app.synthYaml();
    expect(compute).toHaveBeenCalledTimes(1);
  });

  test('a server changed after construction is checked again', () => {
    const c = chart();
    const server = new MlServer(c, 'mlserver');
    new Model(c, 'big', { storageUri: URI, memory: Size.mebibytes(1500) });
    expect(() => synth(c)).toThrow(/the model needs 1.46 GiB of memory; one replica of mlserver holds 1.10 GiB/);
    server.addEnv('SELDON_OVERCOMMIT_PERCENTAGE', EnvValue.fromValue('50'), { container: 'agent' });
    expect(() => synth(c)).not.toThrow();
  });

  test('a model validated on its own computes the checks itself', () => {
    const c = defaultInstallation();
    const model = new Model(c, 'iris', { storageUri: URI, requirements: ['foobar'] });
    expect(model.node.validate()).toEqual([expect.stringContaining('Model "iris" at \'models/iris\': no Server in namespace "seldon-mesh" can host it')]);
  });

  test('strict turned on between two syntheses of an unchanged app fails the second', () => {
    const c = defaultInstallation();
    new Model(c, 'pyfunc', { storageUri: URI, requirements: ['python'] });
    Placement.of(c).printWarnings = false;
    expect(() => synth(c)).not.toThrow();
    Placement.of(c).strict = true;
    expect(() => synth(c)).toThrow(/\[models\/pyfunc\] Model "pyfunc" at 'models\/pyfunc': 2 Servers can host it/);
  });

  test('a model added after a synthesis is checked in the next one', () => {
    const c = defaultInstallation();
    new Model(c, 'iris', { storageUri: URI, requirements: ['sklearn'] });
    synth(c);
    const late = new Model(c, 'late', { storageUri: URI, requirements: ['foobar'] });
    expect(late.node.validate()).toHaveLength(1);
    expect(() => synth(c)).toThrow(/\[models\/late\]/);
  });
});

describe('the placement report', () => {
  test('shows servers and, per model, where it lands and why other servers are excluded', () => {
    const app = Testing.app();
    const c = defaultInstallation(app);
    new MlServer(c, 'mlserver-ha', { replicas: 2, minReplicas: 2, maxReplicas: 4, capabilities: ['sklearn', 'a|b'] });
    new Model(c, 'iris', { storageUri: URI, requirements: ['sklearn'] });
    new Model(c, 'ha', { storageUri: URI, requirements: ['sklearn'], replicas: 4 });
    new Model(c, 'partial', { storageUri: URI, requirements: ['sklearn'], replicas: 3, minReplicas: 1, server: Server.fromName(c, 'mlserver-ref', 'mlserver') });
    new Model(c, 'broken', { storageUri: URI, requirements: ['foobar'] });
    new Model(new Chart(app, 'elsewhere'), 'lonely', { storageUri: URI });

    const report = Placement.of(app).toMarkdown();

    expect(report).toContain('| mlserver-ha | 2 (autoscales 2–4) | 1.10 GiB | sklearn, a\\|b |');
    expect(report).toContain('| iris | mlserver, mlserver-ha (Seldon picks one) | triton: requirement "sklearn" not advertised |');
    expect(report).toContain('| ha | mlserver-ha (after scaling up) | mlserver: needs 4 replicas; the server runs 1<br>');
    expect(report).toContain('| partial | mlserver (partial: 1 of 3 replicas) |');
    expect(report).toContain('| broken | **none** | mlserver: requirement "foobar" not advertised<br>');
    expect(report).toContain('## No namespace set\n\nNo servers are declared here.\n\n| Model | Can land on | Excluded servers |\n| --- | --- | --- |\n| lonely | **none** | – |');
    expect(report).toMatchSnapshot();
  });
});
