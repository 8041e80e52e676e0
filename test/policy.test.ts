import { ApiObject, App, Chart, JsonPatch, Size, Testing } from 'cdk8s';
import { EnvValue, Secret } from 'cdk8s-plus-27';
import {
  DefaultServers, MlServer, Model, PolicyRule, SeldonPolicies, Server, ServerConfig, ServerType, StorageUri, TritonServer,
} from '../src';
import { chart, synth } from './util/synth';

const URI = StorageUri.gcs('seldon-models', 'scv2/samples/mlserver_1.6.0/iris-sklearn');
const AGENT = 'docker.io/seldonio/seldon-agent:2.9.1';
const RCLONE = 'docker.io/seldonio/seldon-rclone:2.9.1';
const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;
const GPU_TOLERATION = { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' };
const MEMORY = { request: Size.mebibytes(256), limit: Size.mebibytes(256) };
const SIDECAR_RESOURCES = { requests: { memory: { value: '64Mi' } }, limits: { memory: { value: '64Mi' } } } as any;
const ALL_RULES: PolicyRule[] = Object.values(PolicyRule);

/** A chart in seldon-mesh of a fresh app, with the default installation's servers declared (not synthesized). */
function serving(app: App = Testing.app(), id = 'serving', namespace = 'seldon-mesh'): Chart {
  const c = new Chart(app, id, { namespace });
  Server.fromName(c, 'mlserver', 'mlserver');
  Server.fromName(c, 'triton', 'triton');
  return c;
}

/** The policy messages the synthesis of a chart fails with (none when it succeeds). */
function violations(c: Chart): string[] {
  try {
    synth(c);
    return [];
  } catch (e) {
    const message = (e as Error).message;
    if (!message.startsWith('Validation failed with the following errors:')) {
      throw e;
    }
    return message.split('\n').slice(1).map(line => line.replace(/^ {2}/, '')).filter(line => line.includes(' breaks policy '));
  }
}

/** The one policy message the synthesis fails with. */
function violation(c: Chart): string {
  const found = violations(c);
  expect(found).toHaveLength(1);
  return found[0];
}

/** What the messages say after the construct and the rule, without the way to waive it. */
function problems(c: Chart): string[] {
  return violations(c).map(m => m.replace(/^.*? breaks policy (PolicyRule\.\w+): /, '$1: ').replace(/ To waive it: .*$/, ''));
}

/** A chart breaking each rule once. */
function everyRuleBroken(app: App): Chart {
  const c = serving(app);
  new TritonServer(c, 'triton-gpu', {
    gpus: 1,
    agentImage: 'docker.io/seldonio/seldon-agent:latest',
    sidecars: [{ name: 'proxy', image: 'envoyproxy/envoy:v1.30.1' }],
  });
  new Model(c, 'iris', { storageUri: ':s3,provider=AWS,access_key_id=AKIAEXAMPLE,secret_access_key=wJalrXUtnFEMI:models/iris', requirements: ['sklearn'] });
  return c;
}

describe('SeldonPolicies.enable()', () => {
  test('turns every rule on, one message per violation, naming the rule, the construct, the value and the fix', () => {
    const app = Testing.app();
    SeldonPolicies.enable(app);
    const message = (() => {
      try {
        synth(everyRuleBroken(app));
      } catch (e) {
        return (e as Error).message;
      }
      return '';
    })();
    expect(message).toBe([
      'Validation failed with the following errors:',
      '  [serving/triton-gpu] TritonServer "triton-gpu" at \'serving/triton-gpu\' breaks policy PolicyRule.PINNED_IMAGES: container "agent" runs image '
        + '"docker.io/seldonio/seldon-agent:latest": it is tagged "latest", which moves with every release, so pods started on different days can run different builds. '
        + 'Set `agentImage` to a release tag ("docker.io/seldonio/seldon-agent:<version>") or a digest ("docker.io/seldonio/seldon-agent@sha256:<digest>"). '
        + 'To waive it: `exclude: [PolicyRule.PINNED_IMAGES]` in SeldonPolicies.enable() on the app, '
        + 'or SeldonPolicies.exempt(<this construct>, PolicyRule.PINNED_IMAGES, \'<reason>\').',
      '  [serving/triton-gpu] TritonServer "triton-gpu" at \'serving/triton-gpu\' breaks policy PolicyRule.SERVER_MEMORY: sidecar "proxy" has no memory request '
        + 'and no memory limit, so Kubernetes reserves no memory for it on the node, and nothing stops it from taking the node\'s memory from its neighbours. '
        + 'Set its `resources.requests.memory` and `resources.limits.memory`. To waive it: `exclude: [PolicyRule.SERVER_MEMORY]` in SeldonPolicies.enable() '
        + 'on the app, or SeldonPolicies.exempt(<this construct>, PolicyRule.SERVER_MEMORY, \'<reason>\').',
      '  [serving/triton-gpu] TritonServer "triton-gpu" at \'serving/triton-gpu\' breaks policy PolicyRule.GPU_TOLERATIONS: its pods ask for GPUs '
        + '(container "triton": nvidia.com/gpu: 1) but tolerate no taint: neither this Server nor Seldon\'s built-in ServerConfig "triton" sets a toleration. '
        + 'GPU nodes are usually tainted so that only pods tolerating the taint run there: add a toleration for your GPU nodes\' taint with `tolerations` '
        + 'or addToleration() (Seldon appends it to the ServerConfig\'s), e.g. { key: \'nvidia.com/gpu\', operator: \'Exists\', effect: \'NoSchedule\' }. '
        + 'To waive it: `exclude: [PolicyRule.GPU_TOLERATIONS]` in SeldonPolicies.enable() on the app, '
        + 'or SeldonPolicies.exempt(<this construct>, PolicyRule.GPU_TOLERATIONS, \'<reason>\').',
      '  [serving/iris] Model "iris" at \'serving/iris\' breaks policy PolicyRule.NO_INLINE_CREDENTIALS: `storageUri` carries credentials inline '
        + '(access_key_id, secret_access_key): ":s3,provider=AWS,access_key_id=***,secret_access_key=***:models/iris". Anyone who can read the Model, '
        + 'or the synthesized YAML, can read them. Instead, write the URI as "s3:models/iris" and give the model a `secret` whose rclone configuration '
        + '(name, type, parameters, credentials included) is named "s3". To waive it: `exclude: [PolicyRule.NO_INLINE_CREDENTIALS]` in SeldonPolicies.enable() '
        + 'on the app, or SeldonPolicies.exempt(<this construct>, PolicyRule.NO_INLINE_CREDENTIALS, \'<reason>\').',
      '  [serving/iris] Model "iris" at \'serving/iris\' breaks policy PolicyRule.MODEL_MEMORY: it sets no `memory`, so Seldon\'s scheduler counts the model '
        + 'as 0 bytes and may load more models on a server replica than its memory holds. Set `memory` to what one replica of the model needs, '
        + 'e.g. Size.mebibytes(512). To waive it: `exclude: [PolicyRule.MODEL_MEMORY]` in SeldonPolicies.enable() on the app, '
        + 'or SeldonPolicies.exempt(<this construct>, PolicyRule.MODEL_MEMORY, \'<reason>\').',
    ].join('\n'));
    expect(message).not.toContain('wJalrXUtnFEMI');
    expect(message).not.toContain('AKIAEXAMPLE');
  });

  test('is off by default', () => {
    expect(violations(everyRuleBroken(Testing.app()))).toEqual([]);
  });

  test.each(ALL_RULES)('`exclude` turns %s off and leaves the others on', rule => {
    const app = Testing.app();
    SeldonPolicies.enable(app, { exclude: [rule] });
    const rules = violations(everyRuleBroken(app)).map(m => /breaks policy PolicyRule\.(\w+)/.exec(m)![1]);
    const expected = ALL_RULES.filter(r => r !== rule).map(r => Object.entries(PolicyRule).find(([, v]) => v === r)![0]);
    expect([...rules].sort()).toEqual([...expected].sort());
  });

  test('excluding every rule checks nothing', () => {
    const app = Testing.app();
    SeldonPolicies.enable(app, { exclude: ALL_RULES });
    expect(violations(everyRuleBroken(app))).toEqual([]);
  });

  test('checks constructs created before and after the call', () => {
    const app = Testing.app();
    const c = serving(app);
    new Model(c, 'before', { storageUri: URI, requirements: ['sklearn'] });
    SeldonPolicies.enable(app);
    new Model(c, 'after', { storageUri: URI, requirements: ['sklearn'] });
    expect(violations(c).map(m => m.slice(0, m.indexOf(']') + 1))).toEqual(['[serving/before]', '[serving/after]']);
  });

  test('a second call on the same scope with the same rules changes nothing: one message per violation', () => {
    const app = Testing.app();
    SeldonPolicies.enable(app, { exclude: [PolicyRule.GPU_TOLERATIONS] });
    SeldonPolicies.enable(app, { exclude: [PolicyRule.GPU_TOLERATIONS] });
    const c = serving(app);
    new Model(c, 'iris', { storageUri: URI, requirements: ['sklearn'] });
    expect(violations(c)).toHaveLength(1);
    expect(violations(c)).toHaveLength(1); // a second synthesis neither
  });

  test('a second call on the same scope with other rules is refused', () => {
    const app = Testing.app();
    SeldonPolicies.enable(app, { exclude: [PolicyRule.MODEL_MEMORY] });
    expect(() => SeldonPolicies.enable(app)).toThrow(
      'SeldonPolicies.enable() on the app: the policy pack is already enabled there with PolicyRule.PINNED_IMAGES, PolicyRule.SERVER_MEMORY, '
      + 'PolicyRule.NO_INLINE_CREDENTIALS, PolicyRule.GPU_TOLERATIONS; this call asks for PolicyRule.PINNED_IMAGES, PolicyRule.SERVER_MEMORY, '
      + 'PolicyRule.NO_INLINE_CREDENTIALS, PolicyRule.MODEL_MEMORY, PolicyRule.GPU_TOLERATIONS. Call enable() once per scope, with every exclusion in one `exclude`.');
    const c = chart();
    SeldonPolicies.enable(c, { exclude: ALL_RULES });
    expect(() => SeldonPolicies.enable(c, { exclude: [PolicyRule.MODEL_MEMORY] })).toThrow(
      /^SeldonPolicies.enable\(\) on 'test': the policy pack is already enabled there with no rules; this call asks for PolicyRule.PINNED_IMAGES, /);
  });

  test('calls on nested scopes add up, and the message names each', () => {
    const app = Testing.app();
    SeldonPolicies.enable(app, { exclude: [PolicyRule.MODEL_MEMORY] });
    const c = serving(app);
    SeldonPolicies.enable(c);
    new Model(c, 'iris', { storageUri: URI, requirements: ['sklearn'] });
    expect(violation(c)).toMatch(/ To waive it: `exclude: \[PolicyRule.MODEL_MEMORY\]` in SeldonPolicies.enable\(\) on 'serving', or SeldonPolicies.exempt/);
  });

  test('a rule both scopes turn on is reported once, naming both', () => {
    const app = Testing.app();
    SeldonPolicies.enable(app);
    const c = serving(app);
    SeldonPolicies.enable(c);
    new Model(c, 'iris', { storageUri: URI, requirements: ['sklearn'] });
    expect(violation(c)).toMatch(/`exclude: \[PolicyRule.MODEL_MEMORY\]` in SeldonPolicies.enable\(\) on the app and on 'serving', or/);
  });

  test('on a chart, checks only the constructs under it', () => {
    const app = Testing.app();
    const checked = serving(app, 'checked');
    const unchecked = serving(app, 'unchecked');
    SeldonPolicies.enable(checked);
    new Model(checked, 'iris', { storageUri: URI, requirements: ['sklearn'] });
    new Model(unchecked, 'iris', { storageUri: URI, requirements: ['sklearn'] });
    expect(violations(unchecked).map(m => m.slice(0, m.indexOf(']') + 1))).toEqual(['[checked/iris]']);
    expect(violation(checked)).toMatch(/^\[checked\/iris\] Model "iris" at 'checked\/iris' breaks policy PolicyRule.MODEL_MEMORY: .* SeldonPolicies\.enable\(\) on 'checked', or/);
  });

  test('on any construct: a model added to a server is under the server', () => {
    const c = serving();
    const server = new MlServer(c, 'mlserver-small', { agentImage: 'seldonio/seldon-agent' });
    server.addModel('iris', { storageUri: URI, requirements: ['sklearn'] });
    new Model(c, 'elsewhere', { storageUri: URI, requirements: ['tensorflow'] });
    SeldonPolicies.enable(server);
    expect(violations(c).map(m => m.slice(0, m.indexOf(' '))).sort()).toEqual(['[serving/mlserver-small/iris]', '[serving/mlserver-small]']);
  });

  test('refuses an `exclude` that is not a list of rules', () => {
    expect(() => SeldonPolicies.enable(Testing.app(), { exclude: ['latest-images' as PolicyRule] })).toThrow(
      'SeldonPolicies.enable() on the app: `exclude` has "latest-images", which is not a rule. The rules are PolicyRule.PINNED_IMAGES, '
      + 'PolicyRule.SERVER_MEMORY, PolicyRule.NO_INLINE_CREDENTIALS, PolicyRule.MODEL_MEMORY, PolicyRule.GPU_TOLERATIONS.');
    expect(() => SeldonPolicies.enable(chart(), { exclude: PolicyRule.MODEL_MEMORY as any })).toThrow(
      'SeldonPolicies.enable() on \'test\': `exclude` must be a list of PolicyRule values, got "model-memory".');
  });

  test('adds nothing to the output of a compliant app', () => {
    const plain = compliant(Testing.app());
    const app = Testing.app();
    SeldonPolicies.enable(app);
    expect(synth(compliant(app))).toEqual(synth(plain));
  });
});

describe('SeldonPolicies.exempt()', () => {
  test('waives one rule for a construct, keeps the others, and records the reason in its metadata', () => {
    const app = Testing.app();
    SeldonPolicies.enable(app);
    const c = serving(app);
    const model = new Model(c, 'iris', { storageUri: ':s3,secret_access_key=x:models/iris', requirements: ['sklearn'] });
    SeldonPolicies.exempt(model, PolicyRule.MODEL_MEMORY, '  size measured at load time by the team  ');
    expect(violation(c)).toMatch(/breaks policy PolicyRule.NO_INLINE_CREDENTIALS/);
    expect(model.node.metadata.map(m => [m.type, m.data])).toEqual([
      ['cdk8s-seldon:policy-exemption', { rule: 'PolicyRule.MODEL_MEMORY', reason: 'size measured at load time by the team' }],
    ]);
  });

  test('waives the rule for everything under the construct, whatever enabled it', () => {
    const app = Testing.app();
    SeldonPolicies.enable(app);
    const c = serving(app);
    SeldonPolicies.enable(c);
    const servers = new DefaultServers(c, 'servers', { triton: { gpus: 1 } });
    SeldonPolicies.exempt(servers, PolicyRule.GPU_TOLERATIONS, 'GPU nodes of this cluster are not tainted');
    expect(violations(c)).toEqual([]);
  });

  test('alone, turns nothing on', () => {
    const c = serving();
    const model = new Model(c, 'iris', { storageUri: URI, requirements: ['sklearn'] });
    SeldonPolicies.exempt(model, PolicyRule.MODEL_MEMORY, 'sizes come later');
    new TritonServer(c, 'triton-gpu', { gpus: 1 });
    expect(violations(c)).toEqual([]);
  });

  test('before enable(), too', () => {
    const app = Testing.app();
    const c = serving(app);
    new Model(c, 'iris', { storageUri: URI, requirements: ['sklearn'] });
    SeldonPolicies.exempt(c, PolicyRule.MODEL_MEMORY, 'sizes come later');
    SeldonPolicies.enable(app);
    expect(violations(c)).toEqual([]);
  });

  test('refuses a blank reason and an unknown rule', () => {
    const c = chart();
    expect(() => SeldonPolicies.exempt(c, PolicyRule.MODEL_MEMORY, ' ')).toThrow(
      'SeldonPolicies.exempt() of \'test\': the reason for waiving PolicyRule.MODEL_MEMORY is blank. Say why the rule does not apply, for whoever reviews it.');
    expect(() => SeldonPolicies.exempt(c.node.root, 'memory' as PolicyRule, 'because')).toThrow(
      /^SeldonPolicies.exempt\(\) of the app: "memory" is not a rule\. The rules are PolicyRule.PINNED_IMAGES, /);
  });
});

/** An app that passes every rule. */
function compliant(app: App): Chart {
  const c = serving(app);
  const serverConfig = new ServerConfig(c, 'mlserver-pinned', { serverType: ServerType.MLSERVER, agentImage: AGENT, rcloneImage: RCLONE });
  new MlServer(c, 'mlserver-team', {
    serverConfig,
    image: `docker.io/seldonio/mlserver@${DIGEST}`,
    sidecars: [{ name: 'proxy', image: 'envoyproxy/envoy:v1.30.1', resources: SIDECAR_RESOURCES }],
    podOverride: { initContainers: [{ name: 'warmup', image: 'busybox:1.36', resources: SIDECAR_RESOURCES }] },
    extraCapabilities: ['team'],
  });
  const gpu = new TritonServer(c, 'triton-gpu', { gpus: 1, tolerations: [GPU_TOLERATION], agentImage: AGENT, rcloneImage: `${RCLONE}@${DIGEST}` });
  new Model(c, 'iris', { storageUri: URI, requirements: ['team'], memory: Size.mebibytes(100) });
  new Model(c, 'cifar', {
    storageUri: 's3://models/cifar10',
    secret: Secret.fromSecretName(c, 'Secret', 's3-credentials'),
    requirements: ['tensorflow'],
    memory: Size.gibibytes(1),
    server: gpu,
  });
  return c;
}

describe('PolicyRule.PINNED_IMAGES', () => {
  test('passes pinned images, and the images of built-in ServerConfigs are not the app\'s', () => {
    const app = Testing.app();
    SeldonPolicies.enable(app, { exclude: [PolicyRule.MODEL_MEMORY] });
    const c = compliant(app);
    new MlServer(c, 'mlserver-plain');
    new Server(c, 'registry-port', { serverConfig: ServerConfig.MLSERVER, image: 'registry.example.com:5000/mlserver:1.7.1' });
    expect(violations(c)).toEqual([]);
  });

  test('flags every image a Server sets: image, agentImage, rcloneImage, sidecars, podOverride containers and init containers', () => {
    const app = Testing.app();
    SeldonPolicies.enable(app, { exclude: [PolicyRule.SERVER_MEMORY] });
    const c = serving(app);
    const serverConfig = ServerConfig.fromName('mlserver-proxy', { extraContainerNames: ['proxy'] });
    new MlServer(c, 'mlserver-team', {
      serverConfig,
      image: 'registry.example.com:5000/mlserver',
      agentImage: 'seldonio/seldon-agent:Latest',
      rcloneImage: 'seldonio/seldon-rclone@sha256:abc',
      sidecars: [{ name: 'metrics', image: 'prom/statsd-exporter:latest' }],
      podOverride: {
        containers: [{ name: 'proxy', image: 'envoyproxy/envoy' }],
        initContainers: [{ name: 'warmup', image: 'busybox:' }],
      },
    });
    expect(problems(c)).toEqual([
      'PolicyRule.PINNED_IMAGES: container "rclone" runs image "seldonio/seldon-rclone@sha256:abc": its digest "sha256:abc" is not a sha256 (64 lowercase hex '
        + 'digits) or sha512 (128) digest. Set `rcloneImage` to a release tag ("seldonio/seldon-rclone:<version>") or a digest ("seldonio/seldon-rclone@sha256:<digest>").',
      'PolicyRule.PINNED_IMAGES: container "agent" runs image "seldonio/seldon-agent:Latest": it is tagged "Latest", which moves with every release, so pods '
        + 'started on different days can run different builds. Set `agentImage` to a release tag ("seldonio/seldon-agent:<version>") or a digest '
        + '("seldonio/seldon-agent@sha256:<digest>").',
      'PolicyRule.PINNED_IMAGES: container "mlserver" runs image "registry.example.com:5000/mlserver": it has no tag, so the registry serves whatever "latest" '
        + 'points to when a pod starts. Set `image` to a release tag ("registry.example.com:5000/mlserver:<version>") or a digest '
        + '("registry.example.com:5000/mlserver@sha256:<digest>").',
      'PolicyRule.PINNED_IMAGES: container "proxy" runs image "envoyproxy/envoy": it has no tag, so the registry serves whatever "latest" points to when a pod '
        + 'starts. Set the image of container "proxy" in `podOverride` to a release tag ("envoyproxy/envoy:<version>") or a digest ("envoyproxy/envoy@sha256:<digest>").',
      'PolicyRule.PINNED_IMAGES: sidecar "metrics" runs image "prom/statsd-exporter:latest": it is tagged "latest", which moves with every release, so pods '
        + 'started on different days can run different builds. Set the sidecar\'s `image` to a release tag ("prom/statsd-exporter:<version>") or a digest '
        + '("prom/statsd-exporter@sha256:<digest>").',
      'PolicyRule.PINNED_IMAGES: init container "warmup" runs image "busybox:": its tag is empty. Set its `image` in `podOverride.initContainers` to a release '
        + 'tag ("busybox:<version>") or a digest ("busybox@sha256:<digest>").',
    ]);
  });

  test('flags the default agent and rclone images of an authored ServerConfig, and asks for those of the Seldon release', () => {
    const app = Testing.app();
    SeldonPolicies.enable(app);
    const c = new Chart(app, 'operator', { namespace: 'seldon-mesh' });
    new ServerConfig(c, 'mlserver-custom', { serverType: ServerType.MLSERVER, image: 'seldonio/mlserver' });
    expect(problems(c)).toEqual([
      'PolicyRule.PINNED_IMAGES: container "rclone" runs image "docker.io/seldonio/seldon-rclone:latest" (the default of `rcloneImage`, as in Seldon\'s development '
        + 'chart): it is tagged "latest", which moves with every release, so pods started on different days can run different builds. Set `rcloneImage` to the '
        + 'image of the Seldon release your cluster runs, pinned by a release tag ("docker.io/seldonio/seldon-rclone:<version>") or a digest '
        + '("docker.io/seldonio/seldon-rclone@sha256:<digest>").',
      'PolicyRule.PINNED_IMAGES: container "agent" runs image "docker.io/seldonio/seldon-agent:latest" (the default of `agentImage`, as in Seldon\'s development '
        + 'chart): it is tagged "latest", which moves with every release, so pods started on different days can run different builds. Set `agentImage` to the '
        + 'image of the Seldon release your cluster runs, pinned by a release tag ("docker.io/seldonio/seldon-agent:<version>") or a digest '
        + '("docker.io/seldonio/seldon-agent@sha256:<digest>").',
      'PolicyRule.PINNED_IMAGES: container "mlserver" runs image "seldonio/mlserver": it has no tag, so the registry serves whatever "latest" points to when a pod '
        + 'starts. Set `image` to a release tag ("seldonio/mlserver:<version>") or a digest ("seldonio/mlserver@sha256:<digest>").',
    ]);
  });

  test('an authored ServerConfig with pinned images passes, and so do the Servers on it', () => {
    const app = Testing.app();
    SeldonPolicies.enable(app);
    const c = chart('seldon-mesh');
    const serverConfig = new ServerConfig(c, 'triton-pinned', { serverType: ServerType.TRITON, agentImage: AGENT, rcloneImage: RCLONE });
    new TritonServer(c, 'triton', { serverConfig });
    expect(violations(c)).toEqual([]);
  });
});

describe('PolicyRule.SERVER_MEMORY', () => {
  test('passes servers on the built-in ServerConfigs (1Gi request and limit), and sidecars and init containers with both', () => {
    const app = Testing.app();
    SeldonPolicies.enable(app, { exclude: [PolicyRule.PINNED_IMAGES] });
    const c = serving(app);
    new DefaultServers(c, 'servers');
    new MlServer(c, 'mlserver-small', {
      resources: { memory: MEMORY },
      sidecars: [{ name: 'proxy', image: 'envoyproxy/envoy:v1.30.1', resources: SIDECAR_RESOURCES }],
      podOverride: { initContainers: [{ name: 'warmup', image: 'busybox:1.36', resources: SIDECAR_RESOURCES }] },
    });
    expect(violations(c)).toEqual([]);
  });

  test('flags sidecars and init containers without a memory request or limit', () => {
    const app = Testing.app();
    SeldonPolicies.enable(app);
    const c = serving(app);
    new MlServer(c, 'mlserver-team', {
      sidecars: [{ name: 'proxy', image: 'envoyproxy/envoy:v1.30.1', resources: { limits: { memory: { value: '64Mi' } } } as any }],
      podOverride: { initContainers: [{ name: 'warmup', image: 'busybox:1.36', resources: { requests: { memory: { value: '64Mi' } } } as any }] },
    });
    expect(problems(c)).toEqual([
      'PolicyRule.SERVER_MEMORY: sidecar "proxy" has no memory request, so Kubernetes reserves no memory for it on the node. '
        + 'Set its `resources.requests.memory` and `resources.limits.memory`.',
      'PolicyRule.SERVER_MEMORY: init container "warmup" has no memory limit, so nothing stops it from taking the node\'s memory from its neighbours. '
        + 'Set its `resources.requests.memory` and `resources.limits.memory`.',
    ]);
  });

  test('an authored ServerConfig without a memory limit is flagged, and so is each Server on it that adds none', () => {
    const app = Testing.app();
    SeldonPolicies.enable(app, { exclude: [PolicyRule.PINNED_IMAGES] });
    const c = serving(app);
    const serverConfig = new ServerConfig(c, 'mlserver-large', { serverType: ServerType.MLSERVER, resources: { memory: { request: Size.gibibytes(8) } } });
    new MlServer(c, 'large', { serverConfig });
    new MlServer(c, 'large-capped', { serverConfig, resources: { memory: { request: Size.gibibytes(8), limit: Size.gibibytes(8) } } });
    expect(violations(c).map(m => m.replace(/ To waive it: .*$/, ''))).toEqual([
      '[serving/mlserver-large] ServerConfig "mlserver-large" at \'serving/mlserver-large\' breaks policy PolicyRule.SERVER_MEMORY: the inference server '
        + 'container "mlserver" has no memory limit, so nothing stops it from taking the node\'s memory from its neighbours. '
        + 'Set `resources.memory` with both `request` and `limit`.',
      '[serving/large] MlServer "large" at \'serving/large\' breaks policy PolicyRule.SERVER_MEMORY: the inference server container "mlserver" has no memory '
        + 'limit: ServerConfig "mlserver-large" (at \'serving/mlserver-large\') sets none and this Server adds none, so nothing stops it from taking the '
        + 'node\'s memory from its neighbours. Set `resources.memory` (request and limit) on ServerConfig "mlserver-large", or on this Server.',
    ]);
  });
});

describe('PolicyRule.NO_INLINE_CREDENTIALS', () => {
  test('passes remotes, local paths and connection strings without credentials', () => {
    const app = Testing.app();
    SeldonPolicies.enable(app, { exclude: [PolicyRule.MODEL_MEMORY] });
    const c = serving(app);
    new Model(c, 'gcs', { storageUri: URI, requirements: ['sklearn'] });
    new Model(c, 'inline', { storageUri: ':s3,provider=AWS,env_auth=true:models/iris', requirements: ['sklearn'] });
    new Model(c, 'local', { storageUri: '/var/models/iris', requirements: ['sklearn'] });
    expect(violations(c)).toEqual([]);
  });

  test('flags a password in a URL, without printing it', () => {
    const app = Testing.app();
    SeldonPolicies.enable(app, { exclude: [PolicyRule.MODEL_MEMORY] });
    const c = serving(app);
    new Model(c, 'iris', {
      storageUri: 'https://alice:hunter2@models.example.com/iris',
      secret: Secret.fromSecretName(c, 'Web', 'web-remote'),
      requirements: ['sklearn'],
    });
    expect(problems(c)).toEqual([
      'PolicyRule.NO_INLINE_CREDENTIALS: `storageUri` carries credentials inline (a password in "user:password@"): "https://alice:***@models.example.com/iris". '
        + 'Anyone who can read the Model, or the synthesized YAML, can read them. Instead, move them into the rclone configuration of the model\'s `secret` '
        + 'and keep only "<remote>:<path>" in the URI.',
    ]);
  });
});

describe('PolicyRule.MODEL_MEMORY', () => {
  test('passes a model with memory, and flags one with none or 0 bytes', () => {
    const app = Testing.app();
    SeldonPolicies.enable(app);
    const c = serving(app);
    new Model(c, 'sized', { storageUri: URI, requirements: ['sklearn'], memory: Size.kibibytes(100) });
    new Model(c, 'zero', { storageUri: URI, requirements: ['sklearn'], memory: Size.kibibytes(0) });
    expect(problems(c)).toEqual([
      'PolicyRule.MODEL_MEMORY: its `memory` is 0Ki, so Seldon\'s scheduler counts the model as 0 bytes and may load more models on a server replica than its '
        + 'memory holds. Set `memory` to what one replica of the model needs, e.g. Size.mebibytes(512).',
    ]);
  });
});

describe('PolicyRule.GPU_TOLERATIONS', () => {
  test('passes GPU servers with a toleration of their own (prop or addToleration()) or of their ServerConfig, and servers without GPUs', () => {
    const app = Testing.app();
    SeldonPolicies.enable(app, { exclude: [PolicyRule.PINNED_IMAGES] });
    const c = serving(app);
    new TritonServer(c, 'gpu-prop', { gpus: 1, tolerations: [GPU_TOLERATION] });
    new TritonServer(c, 'gpu-added', { gpus: 2 }).addToleration(GPU_TOLERATION);
    const serverConfig = new ServerConfig(c, 'triton-gpu', { serverType: ServerType.TRITON, gpus: 1, tolerations: [GPU_TOLERATION] });
    new TritonServer(c, 'gpu-config', { serverConfig });
    new TritonServer(c, 'cpu');
    new TritonServer(c, 'zero-gpus', { podOverride: { containers: [{ name: 'triton', resources: { limits: { 'nvidia.com/gpu': { value: '0' } } } as any }] } });
    expect(violations(c)).toEqual([]);
  });

  test('flags GPUs asked for through podOverride (limits only) and by a sidecar', () => {
    const app = Testing.app();
    SeldonPolicies.enable(app, { exclude: [PolicyRule.SERVER_MEMORY] });
    const c = serving(app);
    new MlServer(c, 'mlserver-gpu', {
      podOverride: { containers: [{ name: 'mlserver', resources: { limits: { 'nvidia.com/gpu': { value: '1' } } } as any }] },
      sidecars: [{ name: 'encoder', image: 'example/encoder:1.0', resources: { limits: { 'amd.com/gpu': { value: '1' } } } as any }],
    });
    expect(problems(c)).toEqual([
      expect.stringMatching(/^PolicyRule.GPU_TOLERATIONS: its pods ask for GPUs \(container "mlserver": nvidia.com\/gpu: 1; sidecar "encoder": amd.com\/gpu: 1\) but tolerate no taint: neither this Server nor Seldon's built-in ServerConfig "mlserver" sets a toleration\./),
    ]);
  });

  test('flags an authored GPU ServerConfig without tolerations, and the Servers on it that add none', () => {
    const app = Testing.app();
    SeldonPolicies.enable(app, { exclude: [PolicyRule.PINNED_IMAGES] });
    const c = serving(app);
    const serverConfig = new ServerConfig(c, 'triton-gpu', { serverType: ServerType.TRITON, gpus: 1 });
    new TritonServer(c, 'gpu', { serverConfig });
    new TritonServer(c, 'gpu-tolerating', { serverConfig, tolerations: [GPU_TOLERATION] });
    expect(problems(c)).toEqual([
      'PolicyRule.GPU_TOLERATIONS: its pods ask for GPUs (container "triton": nvidia.com/gpu: 1) but it sets no toleration. GPU nodes are usually tainted so '
        + 'that only pods tolerating the taint run there: add a toleration for your GPU nodes\' taint with `tolerations`, e.g. '
        + '{ key: \'nvidia.com/gpu\', operator: \'Exists\', effect: \'NoSchedule\' }.',
      'PolicyRule.GPU_TOLERATIONS: its pods ask for GPUs (container "triton": nvidia.com/gpu: 1) but tolerate no taint: neither this Server nor ServerConfig '
        + '"triton-gpu" (at \'serving/triton-gpu\') sets a toleration. GPU nodes are usually tainted so that only pods tolerating the taint run there: add a '
        + 'toleration for your GPU nodes\' taint with `tolerations` or addToleration() (Seldon appends it to the ServerConfig\'s), e.g. '
        + '{ key: \'nvidia.com/gpu\', operator: \'Exists\', effect: \'NoSchedule\' }.',
    ]);
  });

  test('on a referenced ServerConfig, says its tolerations are not known', () => {
    const app = Testing.app();
    SeldonPolicies.enable(app);
    const c = serving(app);
    new TritonServer(c, 'gpu', { serverConfig: ServerConfig.fromName('triton-gpu', { serverType: ServerType.TRITON }), gpus: 1, env: { A: EnvValue.fromValue('1') } });
    expect(problems(c)).toEqual([
      expect.stringMatching(/^PolicyRule.GPU_TOLERATIONS: its pods ask for GPUs \(container "triton": nvidia.com\/gpu: 1\) but tolerate no taint: this Server sets no toleration, and those of ServerConfig "triton-gpu" \(declared with ServerConfig.fromName\(\)\) are not known here\. /),
    ]);
  });
});

describe('what is not checked', () => {
  test('servers declared with Server.fromName() and JSON patches', () => {
    const app = Testing.app();
    SeldonPolicies.enable(app);
    const c = serving(app);
    Server.fromName(c, 'gpu', 'gpu-server', { serverConfig: ServerConfig.TRITON });
    const server = new MlServer(c, 'patched');
    ApiObject.of(server).addJsonPatch(JsonPatch.add('/spec/podSpec', { containers: [{ name: 'agent', image: 'seldonio/seldon-agent:latest' }] }));
    expect(violations(c)).toEqual([]);
  });
});

describe('computed once per synthesis, recomputed after a change', () => {
  test('cdk8s validates the app once per chart it writes; the checks run once', () => {
    const run = (policies: boolean) => {
      const app = Testing.app();
      if (policies) {
        SeldonPolicies.enable(app);
      }
      for (const id of ['a', 'b', 'c']) {
        new MlServer(serving(app, id, id), 'team', { agentImage: AGENT });
      }
      const spy = jest.spyOn(Server.prototype, '_toSpec');
      app.synthYaml();
      const calls = spy.mock.calls.length;
      spy.mockRestore();
      return calls;
    };
    expect(run(true) - run(false)).toBe(3);
  });

  test('each violation is reported once when the app has several charts', () => {
    const app = Testing.app();
    SeldonPolicies.enable(app);
    for (const id of ['a', 'b']) {
      new Model(serving(app, id, id), 'iris', { storageUri: URI, requirements: ['sklearn'] });
    }
    expect(() => app.synthYaml()).toThrow(/^Validation failed with the following errors:\n {2}\[a\/iris\] [^\n]*\n {2}\[b\/iris\] [^\n]*$/);
  });

  test('a sidecar or a toleration added after a synthesis, and constructs created after it, are checked at the next', () => {
    const app = Testing.app();
    SeldonPolicies.enable(app);
    const c = serving(app);
    const server = new TritonServer(c, 'triton-gpu', { gpus: 1 });
    expect(problems(c)).toEqual([expect.stringMatching(/^PolicyRule.GPU_TOLERATIONS: /)]);
    server.addToleration(GPU_TOLERATION);
    expect(problems(c)).toEqual([]);
    server.addSidecar({ name: 'proxy', image: 'envoyproxy/envoy:v1.30.1' });
    expect(problems(c)).toEqual([expect.stringMatching(/^PolicyRule.SERVER_MEMORY: sidecar "proxy" /)]);
    new Model(c, 'iris', { storageUri: URI, requirements: ['sklearn'] });
    expect(problems(c)).toEqual([expect.stringMatching(/^PolicyRule.SERVER_MEMORY: /), expect.stringMatching(/^PolicyRule.MODEL_MEMORY: /)]);
  });

  test('enable() and exempt() after a synthesis apply at the next', () => {
    const app = Testing.app();
    const c = serving(app);
    const model = new Model(c, 'iris', { storageUri: URI, requirements: ['sklearn'] });
    expect(violations(c)).toEqual([]);
    SeldonPolicies.enable(c);
    expect(violations(c)).toHaveLength(1);
    SeldonPolicies.exempt(model, PolicyRule.MODEL_MEMORY, 'sized later');
    expect(violations(c)).toEqual([]);
  });
});
