import { ApiObject, Chart, JsonPatch, Size, Testing } from 'cdk8s';
import { PersistentVolumeClaim, Secret } from 'cdk8s-plus-27';
import { MlServer, Model, Placement, PvcServer, Server } from '../src';
import { sample } from './util/samples';
import { chart, only, synth } from './util/synth';

const IRIS = 'gs://seldon-models/scv2/samples/mlserver_1.6.0/iris-sklearn';

/** A chart with Seldon's default servers declared, so models have somewhere to go (warnings not printed). */
function withServers(namespace?: string): Chart {
  const c = chart(namespace);
  Placement.of(c).printWarnings = false;
  Server.fromName(c, 'mlserver', 'mlserver');
  Server.fromName(c, 'triton', 'triton');
  return c;
}

describe('Model', () => {
  test('emits only what is set; the name is the construct id', () => {
    // GIVEN
    const c = withServers();
    // WHEN
    new Model(c, 'iris', { storageUri: IRIS });
    // THEN
    expect(only(synth(c), 'Model')).toEqual({
      apiVersion: 'mlops.seldon.io/v1alpha1',
      kind: 'Model',
      metadata: { name: 'iris' },
      spec: { storageUri: IRIS },
    });
  });

  test('renders every field it offers', () => {
    // GIVEN
    const c = withServers('seldon-mesh');
    const server = new MlServer(c, 'mlserver-big', { replicas: 3 });
    const secret = Secret.fromSecretName(c, 'Creds', 'gcs-creds');
    // WHEN
    const model = new Model(c, 'Iris', {
      metadata: { name: 'iris-v2', labels: { team: 'ml' } },
      storageUri: IRIS,
      requirements: ['sklearn', 'python'],
      modelType: 'mlserver',
      memory: Size.mebibytes(1.5),
      replicas: 2,
      minReplicas: 1,
      maxReplicas: 3,
      server,
      secret,
      artifactVersion: 3,
      parameters: { zeta: 'last', alpha: 'first' },
      logger: true,
      dataflow: { cleanTopicsOnDelete: true },
    });
    // THEN
    const manifest = only(synth(c), 'Model');
    expect(manifest.metadata).toEqual({ name: 'iris-v2', namespace: 'seldon-mesh', labels: { team: 'ml' } });
    expect(manifest.spec).toEqual({
      storageUri: IRIS,
      requirements: ['sklearn', 'python'],
      modelType: 'mlserver',
      memory: '1536Ki',
      replicas: 2,
      minReplicas: 1,
      maxReplicas: 3,
      server: 'mlserver-big',
      secretName: 'gcs-creds',
      artifactVersion: 3,
      parameters: [{ name: 'alpha', value: 'first' }, { name: 'zeta', value: 'last' }],
      logger: {},
      dataflow: { cleanTopicsOnDelete: true },
    });
    expect(model.name).toBe('iris-v2');
    expect(model.namespace).toBe('seldon-mesh');
    expect(model.requirements).toEqual(['sklearn', 'python']);
    expect(model.scaling).toEqual({ replicas: 2, minReplicas: 1, maxReplicas: 3 });
  });

  test('memory keeps the unit it was given', () => {
    const c = withServers();
    new Model(c, 'iris', { storageUri: IRIS, memory: Size.kibibytes(100) });
    expect(only(synth(c), 'Model').spec.memory).toBe('100Ki');
  });

  test('explainer and llm emit the references that are set', () => {
    const c = withServers();
    new Model(c, 'explainer', { storageUri: IRIS, explainer: { type: 'anchor_tabular', pipelineRef: 'income-pipeline' } });
    new Model(c, 'llm', { storageUri: IRIS, requirements: ['mlserver'], llm: { modelRef: 'llama' } });
    const manifests = synth(c);
    expect(only(manifests, 'Model', 'explainer').spec.explainer).toEqual({ type: 'anchor_tabular', pipelineRef: 'income-pipeline' });
    expect(only(manifests, 'Model', 'llm').spec.llm).toEqual({ modelRef: 'llama' });
  });

  test('empty lists and maps, a false logger and an empty dataflow are omitted', () => {
    const c = withServers();
    new Model(c, 'iris', { storageUri: IRIS, requirements: [], parameters: {}, logger: false, dataflow: {} });
    expect(only(synth(c), 'Model').spec).toEqual({ storageUri: IRIS });
  });

  test('its Model object is the default child, and JSON patches reach the manifest', () => {
    const c = withServers();
    const model = new Model(c, 'iris', { storageUri: IRIS });
    expect(model.node.defaultChild).toBeInstanceOf(ApiObject);
    ApiObject.of(model).addJsonPatch(JsonPatch.add('/spec/schemaUri', 'gs://seldon-models/iris/schema.json'));
    expect(only(synth(c), 'Model').spec.schemaUri).toBe('gs://seldon-models/iris/schema.json');
  });

  test('synthesizes the same YAML on every run', () => {
    const make = () => {
      const c = withServers();
      new Model(c, 'iris', { storageUri: IRIS, parameters: { b: '2', a: '1' }, requirements: ['sklearn'] });
      return Testing.synth(c);
    };
    expect(JSON.stringify(make())).toBe(JSON.stringify(make()));
  });
});

describe('Model refuses at construction', () => {
  test.each<[string, (c: Chart) => void, RegExp]>([
    ['a name Seldon rejects, from the id', c => new Model(c, 'Iris_v1', { storageUri: IRIS }),
      /^Model "Iris_v1" at 'test\/Iris_v1': `metadata.name` "Iris_v1" \(taken from the construct id; set `metadata.name` to choose another\) must contain only lowercase letters/],
    ['a name Seldon rejects, from metadata', c => new Model(c, 'iris', { storageUri: IRIS, metadata: { name: 'iris.v1' } }),
      /`metadata.name` "iris.v1" must contain only lowercase letters, digits and "-".*dots and underscores included/],
    ['an empty storage URI', c => new Model(c, 'iris', { storageUri: '' }),
      /^Model "iris" at 'test\/iris': `storageUri` is empty\. Seldon accepts the Model but fails to load it/],
    ['a pvc:// URI', c => new Model(c, 'iris', { storageUri: 'pvc://claim/iris' }), /`storageUri` is "pvc:\/\/claim\/iris", but Seldon has no pvc:\/\/ storage/],
    ['a local path with a secret', c => new Model(c, 'iris', { storageUri: '/var/models/iris', secret: Secret.fromSecretName(c, 'S', 's') }),
      /`storageUri` "\/var\/models\/iris" is a local path, but `secret` is set/],
    ['a blank requirement', c => new Model(c, 'iris', { storageUri: IRIS, requirements: ['sklearn', ' '] }),
      /`requirements\[1\]` is " "; a requirement names a capability a server advertises, so it cannot be blank\./],
    ['requirements joined by a comma', c => new Model(c, 'iris', { storageUri: IRIS, requirements: ['sklearn,xgboost'] }),
      /`requirements\[0\]` is "sklearn,xgboost"\. Seldon matches each requirement whole, and no capability contains a comma; list "sklearn" and "xgboost" separately\./],
    ['a blank modelType', c => new Model(c, 'iris', { storageUri: IRIS, modelType: '' }), /`modelType` is ""; a requirement names a capability/],
    ['replicas below minReplicas', c => new Model(c, 'iris', { storageUri: IRIS, replicas: 1, minReplicas: 2 }),
      /`replicas` is 1, below minReplicas 2; Seldon requires replicas >= minReplicas\./],
    ['fractional replicas', c => new Model(c, 'iris', { storageUri: IRIS, replicas: 1.5 }), /`replicas` must be a whole number from 0 to 2147483647, got 1\.5\./],
    ['memory that is not whole bytes', c => new Model(c, 'iris', { storageUri: IRIS, memory: Size.kibibytes(0.0001) }),
      /`memory` is .*, which is not a whole number of bytes; Seldon refuses to load the model \("Can't convert model memory quantity to bytes"\)/],
    ['a negative artifact version', c => new Model(c, 'iris', { storageUri: IRIS, artifactVersion: -1 }),
      /`artifactVersion` must be a whole number from 0 to 2147483647, got -1\./],
    ['explainer together with llm', c => new Model(c, 'iris', { storageUri: IRIS, explainer: { type: 'anchor_tabular' }, llm: { modelRef: 'x' } }),
      /`explainer` is set together with `llm`; Seldon refuses such a model \("Can't have both explainer and llm"\)/],
    ['an explainer of a model and a pipeline', c => new Model(c, 'iris', { storageUri: IRIS, explainer: { modelRef: 'a', pipelineRef: 'b' } }),
      /`explainer` sets both `modelRef` and `pipelineRef`; it refers to one model or one pipeline\./],
    ['an llm of a model and a pipeline', c => new Model(c, 'iris', { storageUri: IRIS, llm: { modelRef: 'a', pipelineRef: 'b' } }),
      /`llm` sets both `modelRef` and `pipelineRef`/],
    ['an explainer of a model name Seldon rejects', c => new Model(c, 'iris', { storageUri: IRIS, explainer: { modelRef: 'Income' } }),
      /`explainer.modelRef` "Income" must contain only lowercase letters.*, so no model can have that name\./],
    ['an llm of a pipeline name Seldon rejects', c => new Model(c, 'iris', { storageUri: IRIS, llm: { pipelineRef: 'chat.v1' } }),
      /`llm.pipelineRef` "chat.v1" must contain only lowercase letters.*, so no pipeline can have that name\./],
    ['a parameter without a name', c => new Model(c, 'iris', { storageUri: IRIS, parameters: { ' ': 'x' } }),
      /`parameters` has a parameter with a blank name\./],
    ['a parameter value that is not a string', c => new Model(c, 'iris', { storageUri: IRIS, parameters: { workers: 2 as any } }),
      /`parameters.workers` is 2; parameter values are strings\./],
    ['a server in another namespace', c => new Model(c, 'iris', { storageUri: IRIS, server: Server.fromName(c, 'other', 'mlserver', { namespace: 'other' }) }),
      /`server` is Server "mlserver" in namespace "other", but the model is in namespace "seldon-mesh"\. Seldon only places a model on servers of its own namespace/],
    ['a secret in another namespace', c => new Model(c, 'iris', {
      storageUri: 's3://models/iris',
      secret: new Secret(c, 'creds', { metadata: { name: 'creds', namespace: 'other' } }),
    }), /`secret` is Secret "creds" in namespace "other", but the model is in "seldon-mesh"\. Seldon's agent reads the secret from the model's namespace/],
  ])('%s', (_name, make, message) => {
    expect(() => make(chart('seldon-mesh'))).toThrow(message);
  });

  test('the namespace of the unset namespace is named in the server message', () => {
    const c = chart();
    const other = Server.fromName(c, 'mlserver', 'mlserver', { namespace: 'seldon-mesh' });
    expect(() => new Model(c, 'iris', { storageUri: IRIS, server: other }))
      .toThrow(/but the model is in the namespace kubectl applies to \(none set\)/);
  });
});

describe('Model secret', () => {
  const s3 = 'type: s3\nname: s3\nparameters:\n  provider: minio\n';

  test('a secret of this app that configures the URI\'s remote passes', () => {
    const c = withServers();
    const secret = new Secret(c, 'minio-secret', { metadata: { name: 'minio-secret' }, stringData: { s3 } });
    new Model(c, 'iris', { storageUri: 's3://models/iris', secret, requirements: ['sklearn'] });
    expect(only(synth(c), 'Model').spec.secretName).toBe('minio-secret');
  });

  test('a secret of this app that configures another remote fails the synthesis', () => {
    const c = withServers();
    const secret = new Secret(c, 'minio-secret', { metadata: { name: 'minio-secret' }, stringData: { s3 } });
    new Model(c, 'iris', { storageUri: 'minio://models/iris', secret, requirements: ['sklearn'] });
    expect(() => synth(c)).toThrow(
      'Model "iris" at \'test/iris\': `secret` "minio-secret" configures rclone remote "s3", but the storage URI uses remote "minio"; '
      + 'Seldon fails the load with "name from URI does not match secret". Use "s3:<path>" or rename the remote in the secret.');
  });

  test('data added to the secret after the model is checked too, base64 data included', () => {
    const c = withServers();
    const secret = new Secret(c, 'minio-secret', { metadata: { name: 'minio-secret' } });
    new Model(c, 'iris', { storageUri: 's3://models/iris', secret, requirements: ['sklearn'] });
    expect(() => synth(c)).toThrow(/`secret` "minio-secret" has no data\. It must hold one key/);
    secret.addStringData('s3', s3);
    ApiObject.of(secret).addJsonPatch(JsonPatch.add('/data', { extra: Buffer.from(s3).toString('base64') }));
    expect(() => synth(c)).toThrow(/`secret` "minio-secret" has 2 keys \(extra, s3\)/);
  });

  test('an imported secret cannot be read and is not checked', () => {
    const c = withServers();
    new Model(c, 'iris', { storageUri: 'minio://models/iris', secret: Secret.fromSecretName(c, 'S', 'minio-secret'), requirements: ['sklearn'] });
    expect(only(synth(c), 'Model').spec.secretName).toBe('minio-secret');
  });
});

describe('server.addModel()', () => {
  test('pins the model to the server, as a child of it and in its namespace', () => {
    const c = chart('seldon-mesh');
    const server = new MlServer(c, 'mlserver-big', { metadata: { namespace: 'models' } });
    const model = server.addModel('iris', { storageUri: IRIS, requirements: ['sklearn'] });
    expect(model.node.path).toBe('test/mlserver-big/iris');
    expect(model.server).toBe(server);
    expect(only(synth(c), 'Model')).toEqual({
      apiVersion: 'mlops.seldon.io/v1alpha1',
      kind: 'Model',
      metadata: { name: 'iris', namespace: 'models' },
      spec: { storageUri: IRIS, requirements: ['sklearn'], server: 'mlserver-big' },
    });
  });

  test('works on servers declared with Server.fromName()', () => {
    const c = chart();
    Server.fromName(c, 'mlserver', 'mlserver').addModel('iris', { storageUri: IRIS });
    expect(only(synth(c), 'Model').spec).toEqual({ storageUri: IRIS, server: 'mlserver' });
  });

  test('needs a storage URI except on a PvcServer', () => {
    const c = chart();
    const server = new MlServer(c, 'mlserver-big');
    expect(() => server.addModel('iris')).toThrow(
      'Model "iris" at \'test/mlserver-big/iris\': `storageUri` is required. Only models added to a PvcServer default to a folder on its claim.');
  });

  describe('on a PvcServer', () => {
    function pvcServer(c: Chart): PvcServer {
      const claim = PersistentVolumeClaim.fromClaimName(c, 'Claim', 'ml-models-pvc');
      return new PvcServer(c, 'mlserver-pvc', { claim });
    }

    test('reads the model from its folder on the claim and requires the claim\'s capability', () => {
      const c = chart();
      pvcServer(c).addModel('iris', { requirements: ['sklearn'] });
      const model = only(synth(c), 'Model');
      // Seldon's k8s-pvc sample, pinned
      const expected = sample('k8s-pvc/iris.yaml')?.[0] ?? { spec: { storageUri: '/var/models/iris', requirements: ['sklearn', 'pvc'] } };
      expect(model.spec).toEqual({ ...expected.spec, server: 'mlserver-pvc' });
    });

    test('uses the model name for the folder, and a given URI as is', () => {
      const c = chart();
      const server = pvcServer(c);
      server.addModel('Iris', { metadata: { name: 'iris-v2' } });
      server.addModel('remote', { storageUri: IRIS, requirements: ['sklearn'] });
      server.addModel('other-folder', { storageUri: server.modelUri('models/other'), requirements: ['pvc', 'sklearn'] });
      const manifests = synth(c);
      expect(only(manifests, 'Model', 'iris-v2').spec.storageUri).toBe('/var/models/iris-v2');
      expect(only(manifests, 'Model', 'remote').spec.requirements).toEqual(['sklearn']);
      expect(only(manifests, 'Model', 'other-folder').spec).toMatchObject({ storageUri: '/var/models/models/other', requirements: ['pvc', 'sklearn'] });
    });
  });
});
