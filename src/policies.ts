import { Construct, IConstruct } from 'constructs';
import { describeConstruct } from './errors';
import { Model } from './model';
import { POLICY_REGISTRY_ID, PolicyListener } from './policy-hook';
import { DEFAULT_AGENT_IMAGE, DEFAULT_RCLONE_IMAGE } from './rules/builtin-server-configs';
import { gpuResources, imagePinProblem, imageRepository, inlineCredentials, missingMemory } from './rules/policies';
import { sizeToBytes } from './rules/quantity';
import { AGENT_CONTAINER_NAME, RCLONE_CONTAINER_NAME } from './rules/server-config-profile';
import { Server } from './server';
import { IServerConfig, ServerConfig } from './server-config';

/** Metadata type of the entry `SeldonPolicies.exempt()` adds to the exempted construct. */
const EXEMPTION_METADATA = 'cdk8s-seldon:policy-exemption';

/** A JSON object as it appears in a manifest. */
type JsonObject = { [key: string]: any };

/**
 * A rule of the policy pack that `SeldonPolicies.enable()` turns on. Each can be turned off with
 * `exclude`, or waived for one construct with `SeldonPolicies.exempt()`.
 */
export enum PolicyRule {
  /**
   * Every image the app sets is pinned: a tag other than `latest`, or a digest (`@sha256:…`).
   * Checked: a Server's `image`, `agentImage`, `rcloneImage`, sidecars, and the containers and init
   * containers of `podOverride`; every container of a `ServerConfig` built in the app, whose
   * default agent and rclone images are tagged `latest`. Seldon's built-in ServerConfigs and
   * ServerConfigs referenced with `ServerConfig.fromName()` are not synthesized by the app and not
   * checked.
   */
  PINNED_IMAGES = 'pinned-images',

  /**
   * Containers of server pods have a memory request and a memory limit.
   *
   * Checked: a Server's inference server container (as its ServerConfig sets it, with the
   * Server's `resources` merged in), its sidecars and init containers, and every container of a
   * `ServerConfig` built in the app.
   */
  SERVER_MEMORY = 'server-memory',

  /**
   * Model storage URIs carry no credentials: no rclone connection string with credential
   * parameters (`:s3,access_key_id=…,secret_access_key=…:bucket/path`), no `user:password@` in a
   * URL. Credentials belong in the rclone configuration of the model's `secret`.
   */
  NO_INLINE_CREDENTIALS = 'no-inline-credentials',

  /**
   * Models state the memory they need (`memory`, above zero): Seldon's scheduler counts a model
   * without it as 0 bytes and can load more models on a replica than its memory holds.
   */
  MODEL_MEMORY = 'model-memory',

  /**
   * Servers whose pods ask for GPUs have at least one toleration.
   *
   * Checked: a Server with a container asking for GPUs (through `gpus`, resources in
   * `podOverride` or a sidecar, or its ServerConfig's containers) needs a toleration of its own
   * or of its ServerConfig, and so does a `ServerConfig` built in the app that asks for GPUs.
   * GPU nodes are usually tainted.
   */
  GPU_TOLERATIONS = 'gpu-tolerations',
}

/** Every rule, in the order findings about one construct are reported. */
const ALL_RULES: readonly PolicyRule[] = [
  PolicyRule.PINNED_IMAGES, PolicyRule.SERVER_MEMORY, PolicyRule.NO_INLINE_CREDENTIALS, PolicyRule.MODEL_MEMORY, PolicyRule.GPU_TOLERATIONS,
];

/**
 * Options of `SeldonPolicies.enable()`.
 */
export interface SeldonPoliciesOptions {
  /**
   * Rules not to check under this scope. A rule another `enable()` call turns on for an enclosing
   * or nested scope is still checked there.
   *
   * @default - none: every rule is checked
   */
  readonly exclude?: PolicyRule[];
}

/**
 * The opt-in policy pack: checks platform teams ask of every Seldon object an app synthesizes,
 * each failing the synthesis with a message naming the rule, the construct, the value and the fix.
 *
 * The rules (see `PolicyRule`):
 * - `PolicyRule.PINNED_IMAGES`: images pinned by a tag other than `latest`, or a digest;
 * - `PolicyRule.SERVER_MEMORY`: server containers with a memory request and a memory limit;
 * - `PolicyRule.NO_INLINE_CREDENTIALS`: no credentials in storage URIs, only in secrets;
 * - `PolicyRule.MODEL_MEMORY`: models state their memory;
 * - `PolicyRule.GPU_TOLERATIONS`: servers asking for GPUs tolerate a taint.
 *
 * `SeldonPolicies.enable(scope)` checks every Server, ServerConfig and Model under `scope` (the
 * app, or one chart), except the rules in `exclude`. Calls on nested scopes add up: a construct is
 * checked against every rule some enclosing call turns on. `SeldonPolicies.exempt(construct, rule,
 * reason)` waives one rule for a construct and everything under it, whatever turned it on.
 *
 * Only what the app synthesizes is checked: Servers declared with `Server.fromName()` and
 * ServerConfigs referenced with `ServerConfig.MLSERVER`, `ServerConfig.TRITON` or
 * `ServerConfig.fromName()` are not, and neither are JSON patches applied through `ApiObject.of()`.
 * Rules added in later versions of the library are on by default too.
 *
 * @example
 * const app = new App();
 * SeldonPolicies.enable(app, { exclude: [PolicyRule.MODEL_MEMORY] });
 */
export class SeldonPolicies {
  /**
   * Turns the policy pack on for every Server, ServerConfig and Model under `scope`, whenever
   * they are created. Calling it again on the same scope with the same rules changes nothing.
   *
   * @param scope the app, a chart, or any construct: the constructs under it are checked
   * @param options rules to leave out
   */
  public static enable(scope: IConstruct, options: SeldonPoliciesOptions = {}): void {
    const exclude = options.exclude ?? [];
    if (!Array.isArray(exclude)) {
      throw new Error(`SeldonPolicies.enable() on ${scopeLabel(scope)}: \`exclude\` must be a list of PolicyRule values, got ${JSON.stringify(exclude)}.`);
    }
    for (const rule of exclude) {
      if (!ALL_RULES.includes(rule)) {
        throw new Error(`SeldonPolicies.enable() on ${scopeLabel(scope)}: \`exclude\` has ${JSON.stringify(rule)}, which is not a rule. `
          + `The rules are ${ALL_RULES.map(ruleName).join(', ')}.`);
      }
    }
    PolicyRegistry.of(scope).enable(scope, ALL_RULES.filter(r => !exclude.includes(r)));
  }

  /**
   * Waives one rule for a construct and every construct under it, whatever `enable()` call turned
   * the rule on. The rule and the reason are recorded in the construct's metadata
   * (`construct.node.metadata`, type `cdk8s-seldon:policy-exemption`), for audits.
   *
   * @param construct the construct (a Server, ServerConfig, Model, or a construct holding several)
   * @param rule the rule to waive
   * @param reason why, for the people reviewing the code (required, not blank)
   */
  public static exempt(construct: IConstruct, rule: PolicyRule, reason: string): void {
    const where = `SeldonPolicies.exempt() of ${scopeLabel(construct)}`;
    if (!ALL_RULES.includes(rule)) {
      throw new Error(`${where}: ${JSON.stringify(rule)} is not a rule. The rules are ${ALL_RULES.map(ruleName).join(', ')}.`);
    }
    if (typeof reason !== 'string' || reason.trim() === '') {
      throw new Error(`${where}: the reason for waiving ${ruleName(rule)} is blank. Say why the rule does not apply, for whoever reviews it.`);
    }
    PolicyRegistry.of(construct).exempt(construct, rule, reason.trim());
  }

  private constructor() {}
}

/** A rule broken by a construct: the problem and the fix, without the construct or the rule. */
interface Finding {
  readonly rule: PolicyRule;
  readonly message: string;
}

/** A Seldon construct the policy pack checks. */
type Checked = Server | ServerConfig | Model;

function isChecked(construct: IConstruct): construct is Checked {
  return construct instanceof Server || construct instanceof ServerConfig || construct instanceof Model;
}

/** What one run of the checks found. */
interface Computation {
  /** The `generation` it was computed at. */
  readonly generation: number;
  readonly violations: Map<IConstruct, string[]>;
}

/**
 * Where the policy pack keeps its settings and findings: one per construct tree, a child of its
 * root, created by the first `enable()` or `exempt()`. It registers the Servers, ServerConfigs
 * and Models of the tree (those that exist then, with one walk of the tree, and each one created
 * afterwards, which tells it through `notifyPolicies()`), and gives each a validation that reports
 * what it breaks. The findings are computed once, when the first validation of a pass asks, and
 * reused by every later pass (cdk8s validates the whole app again for each chart it writes) until
 * a construct is added or changed, or the settings change.
 */
class PolicyRegistry extends Construct implements PolicyListener {
  public static of(scope: IConstruct): PolicyRegistry {
    const root = scope.node.root;
    const existing = root.node.tryFindChild(POLICY_REGISTRY_ID);
    return existing instanceof PolicyRegistry ? existing : new PolicyRegistry(root as Construct);
  }

  private readonly enabled = new Map<IConstruct, readonly PolicyRule[]>();
  private readonly exemptions = new Map<IConstruct, Set<PolicyRule>>();
  private readonly checked: Checked[] = [];
  private readonly known = new Set<IConstruct>();
  private generation = 0;
  private current?: Computation;

  private constructor(root: Construct) {
    super(root, POLICY_REGISTRY_ID);
    for (const construct of root.node.findAll()) {
      this.policyInputChanged(construct);
    }
  }

  public policyInputChanged(construct: IConstruct): void {
    this.generation++;
    if (!this.known.has(construct) && isChecked(construct)) {
      this.known.add(construct);
      this.checked.push(construct);
      construct.node.addValidation({ validate: () => this.refresh().violations.get(construct) ?? [] });
    }
  }

  public enable(scope: IConstruct, rules: readonly PolicyRule[]): void {
    const existing = this.enabled.get(scope);
    if (existing && existing.join() !== rules.join()) {
      const list = (r: readonly PolicyRule[]) => (r.length > 0 ? r.map(ruleName).join(', ') : 'no rules');
      throw new Error(`SeldonPolicies.enable() on ${scopeLabel(scope)}: the policy pack is already enabled there with ${list(existing)}; `
        + `this call asks for ${list(rules)}. Call enable() once per scope, with every exclusion in one \`exclude\`.`);
    }
    this.enabled.set(scope, rules);
    this.generation++;
  }

  public exempt(construct: IConstruct, rule: PolicyRule, reason: string): void {
    const rules = this.exemptions.get(construct) ?? new Set<PolicyRule>();
    rules.add(rule);
    this.exemptions.set(construct, rules);
    construct.node.addMetadata(EXEMPTION_METADATA, { rule: ruleName(rule), reason });
    this.generation++;
  }

  /** The current findings: the last ones if nothing changed since, else new ones. */
  private refresh(): Computation {
    if (this.current?.generation !== this.generation) {
      const violations = new Map<IConstruct, string[]>();
      for (const construct of this.enabled.size > 0 ? this.checked : []) {
        const messages = this.violations(construct);
        if (messages.length > 0) {
          violations.set(construct, messages);
        }
      }
      this.current = { generation: this.generation, violations };
    }
    return this.current;
  }

  /** The messages of the rules a construct breaks, among those on for it. */
  private violations(construct: Checked): string[] {
    const on = new Map<PolicyRule, IConstruct[]>();
    const exempt = new Set<PolicyRule>();
    for (const scope of construct.node.scopes) {
      for (const rule of this.enabled.get(scope) ?? []) {
        on.set(rule, [...on.get(rule) ?? [], scope]);
      }
      for (const rule of this.exemptions.get(scope) ?? []) {
        exempt.add(rule);
      }
    }
    exempt.forEach(rule => on.delete(rule));
    if (on.size === 0) {
      return [];
    }
    const findings = construct instanceof Model ? modelFindings(construct, on)
      : construct instanceof Server ? serverFindings(construct, on)
        : serverConfigFindings(construct, on);
    const who = describeConstruct(construct, construct.name);
    return ALL_RULES.flatMap(rule => findings.filter(f => f.rule === rule).map(f => {
      const scopes = on.get(rule)!.map(scopeLabel).join(' and on ');
      return `${who} breaks policy ${ruleName(rule)}: ${f.message} To waive it: \`exclude: [${ruleName(rule)}]\` in SeldonPolicies.enable() on ${scopes}, `
        + `or SeldonPolicies.exempt(<this construct>, ${ruleName(rule)}, '<reason>').`;
    }));
  }
}

function modelFindings(model: Model, on: ReadonlyMap<PolicyRule, unknown>): Finding[] {
  const findings: Finding[] = [];
  if (on.has(PolicyRule.NO_INLINE_CREDENTIALS)) {
    const credentials = inlineCredentials(model.storageUri);
    if (credentials) {
      const instead = credentials.remoteForm
        ? `write the URI as ${JSON.stringify(credentials.remoteForm)} and give the model a \`secret\` whose rclone configuration (name, type, parameters, credentials included) is named ${JSON.stringify(credentials.remoteForm.split(':')[0])}`
        : 'move them into the rclone configuration of the model\'s `secret` and keep only "<remote>:<path>" in the URI';
      findings.push({
        rule: PolicyRule.NO_INLINE_CREDENTIALS,
        message: `\`storageUri\` carries credentials inline (${credentials.where.join(', ')}): ${JSON.stringify(credentials.redacted)}. `
          + `Anyone who can read the Model, or the synthesized YAML, can read them. Instead, ${instead}.`,
      });
    }
  }
  if (on.has(PolicyRule.MODEL_MEMORY)) {
    const memory = model.memory;
    if (memory === undefined || sizeToBytes(memory) === 0) {
      findings.push({
        rule: PolicyRule.MODEL_MEMORY,
        message: `${memory === undefined ? 'it sets no `memory`' : `its \`memory\` is ${memory.asString()}`}, so Seldon's scheduler counts the model as 0 bytes `
          + 'and may load more models on a server replica than its memory holds. Set `memory` to what one replica of the model needs, e.g. Size.mebibytes(512).',
      });
    }
  }
  return findings;
}

function serverFindings(server: Server, on: ReadonlyMap<PolicyRule, unknown>): Finding[] {
  const pod: JsonObject = server._toSpec().podSpec ?? {};
  const serverConfig = server.serverConfig;
  const profile = serverConfig.profile;
  const configContainers = new Map(profile.containers.map(c => [c.name, c]));
  const patches: JsonObject[] = (pod.containers ?? []).filter((c: JsonObject) => configContainers.has(c.name));
  const sidecars: JsonObject[] = (pod.containers ?? []).filter((c: JsonObject) => !configContainers.has(c.name));
  const initContainers: JsonObject[] = pod.initContainers ?? [];
  const own = (c: JsonObject, kind: string) => ({ label: `${kind} "${c.name}"`, requests: c.resources?.requests, limits: c.resources?.limits });
  const findings: Finding[] = [];

  if (on.has(PolicyRule.PINNED_IMAGES)) {
    const imageProp = (name: string) => ({ [profile.serverContainerName]: '`image`', [AGENT_CONTAINER_NAME]: '`agentImage`', [RCLONE_CONTAINER_NAME]: '`rcloneImage`' }[name]
      ?? `the image of container "${name}" in \`podOverride\``);
    for (const c of patches) {
      findings.push(...imageFindings(`container "${c.name}"`, c.image, imageProp(c.name)));
    }
    for (const c of sidecars) {
      findings.push(...imageFindings(`sidecar "${c.name}"`, c.image, 'the sidecar\'s `image`'));
    }
    for (const c of initContainers) {
      findings.push(...imageFindings(`init container "${c.name}"`, c.image, 'its `image` in `podOverride.initContainers`'));
    }
  }

  if (on.has(PolicyRule.SERVER_MEMORY)) {
    const name = profile.serverContainerName;
    const facts = configContainers.get(name);
    const patch = patches.find(c => c.name === name)?.resources;
    const missing = missingMemory({ ...facts?.requests, ...patch?.requests }, { ...facts?.limits, ...patch?.limits });
    if (missing.length > 0) {
      // Only a ServerConfig built in the app can lack them: the built-in ones, and references to
      // existing ones, have Seldon's 1Gi request and limit.
      findings.push({
        rule: PolicyRule.SERVER_MEMORY,
        message: `the inference server container "${name}" has no memory ${missing.join(' and no memory ')}: ${describeServerConfig(serverConfig)} sets none and this Server adds none, `
          + `so ${memoryConsequence(missing)}. Set \`resources.memory\` (request and limit) on ServerConfig "${serverConfig.name}", or on this Server.`,
      });
    }
    for (const c of [...sidecars.map(s => own(s, 'sidecar')), ...initContainers.map(i => own(i, 'init container'))]) {
      findings.push(...containerMemoryFindings(c.label, c.requests, c.limits));
    }
  }

  if (on.has(PolicyRule.GPU_TOLERATIONS)) {
    const gpuContainers = [
      ...profile.containers.map(facts => {
        const patch = patches.find(c => c.name === facts.name)?.resources;
        return { label: `container "${facts.name}"`, requests: { ...facts.requests, ...patch?.requests }, limits: { ...facts.limits, ...patch?.limits } };
      }),
      ...sidecars.map(s => own(s, 'sidecar')),
      ...initContainers.map(i => own(i, 'init container')),
    ];
    const gpus = gpuContainers.map(c => ({ label: c.label, gpus: gpuResources(c.requests, c.limits) })).filter(c => c.gpus.length > 0);
    const configTolerations = serverConfig instanceof ServerConfig ? serverConfig._toSpec().podSpec.tolerations ?? [] : [];
    if (gpus.length > 0 && (pod.tolerations ?? []).length === 0 && configTolerations.length === 0) {
      const known = serverConfig instanceof ServerConfig || isBuiltIn(serverConfig);
      const none = known ? `neither this Server nor ${describeServerConfig(serverConfig)} sets a toleration`
        : `this Server sets no toleration, and those of ServerConfig "${serverConfig.name}" (declared with ServerConfig.fromName()) are not known here`;
      findings.push({
        rule: PolicyRule.GPU_TOLERATIONS,
        message: `its pods ask for GPUs (${gpus.map(g => `${g.label}: ${g.gpus.join(', ')}`).join('; ')}) but tolerate no taint: ${none}. `
          + `${GPU_TAINT_ADVICE} with \`tolerations\` or addToleration() (Seldon appends it to the ServerConfig's), e.g. ${EXAMPLE_TOLERATION}.`,
      });
    }
  }
  return findings;
}

function serverConfigFindings(serverConfig: ServerConfig, on: ReadonlyMap<PolicyRule, unknown>): Finding[] {
  const pod: JsonObject = serverConfig._toSpec().podSpec;
  const containers: JsonObject[] = pod.containers;
  const serverContainer = serverConfig.profile.serverContainerName;
  const findings: Finding[] = [];
  if (on.has(PolicyRule.PINNED_IMAGES)) {
    for (const c of containers) {
      const prop = { [serverContainer]: '`image`', [AGENT_CONTAINER_NAME]: '`agentImage`', [RCLONE_CONTAINER_NAME]: '`rcloneImage`' }[c.name as string];
      const isDefault = c.image === DEFAULT_AGENT_IMAGE || c.image === DEFAULT_RCLONE_IMAGE;
      findings.push(...imageFindings(`container "${c.name}"`, c.image, prop ?? `the image of container "${c.name}"`, isDefault
        ? { note: ` (the default of ${prop}, as in Seldon's development chart)`, target: 'the image of the Seldon release your cluster runs, pinned by ' }
        : undefined));
    }
  }
  if (on.has(PolicyRule.SERVER_MEMORY)) {
    for (const c of containers) {
      const missing = missingMemory(c.resources?.requests, c.resources?.limits);
      if (missing.length > 0 && c.name === serverContainer) {
        findings.push({
          rule: PolicyRule.SERVER_MEMORY,
          message: `the inference server container "${c.name}" has no memory ${missing.join(' and no memory ')}, so ${memoryConsequence(missing)}. `
            + 'Set `resources.memory` with both `request` and `limit`.',
        });
      } else {
        findings.push(...containerMemoryFindings(`container "${c.name}"`, c.resources?.requests, c.resources?.limits));
      }
    }
  }
  if (on.has(PolicyRule.GPU_TOLERATIONS)) {
    const gpus = containers
      .map(c => ({ name: c.name, gpus: gpuResources(c.resources?.requests, c.resources?.limits) }))
      .filter(c => c.gpus.length > 0);
    if (gpus.length > 0 && (pod.tolerations ?? []).length === 0) {
      findings.push({
        rule: PolicyRule.GPU_TOLERATIONS,
        message: `its pods ask for GPUs (${gpus.map(g => `container "${g.name}": ${g.gpus.join(', ')}`).join('; ')}) but it sets no toleration. `
          + `${GPU_TAINT_ADVICE} with \`tolerations\`, e.g. ${EXAMPLE_TOLERATION}.`,
      });
    }
  }
  return findings;
}

const GPU_TAINT_ADVICE = 'GPU nodes are usually tainted so that only pods tolerating the taint run there: add a toleration for your GPU nodes\' taint';
const EXAMPLE_TOLERATION = '{ key: \'nvidia.com/gpu\', operator: \'Exists\', effect: \'NoSchedule\' }';

/**
 * The finding about an image that is not pinned.
 * @param prop what sets it, for the fix
 * @param defaults for a library default: a note after the image, and words before "release tag"
 */
function imageFindings(container: string, image: unknown, prop: string, defaults?: { note: string; target: string }): Finding[] {
  if (typeof image !== 'string') {
    return [];
  }
  const problem = imagePinProblem(image);
  if (problem === undefined) {
    return [];
  }
  const repository = imageRepository(image);
  return [{
    rule: PolicyRule.PINNED_IMAGES,
    message: `${container} runs image ${JSON.stringify(image)}${defaults?.note ?? ''}: ${problem}. Set ${prop} to ${defaults?.target ?? ''}a release tag `
      + `(${JSON.stringify(`${repository}:<version>`)}) or a digest (${JSON.stringify(`${repository}@sha256:<digest>`)}).`,
  }];
}

function containerMemoryFindings(container: string, requests: JsonObject | undefined, limits: JsonObject | undefined): Finding[] {
  const missing = missingMemory(requests, limits);
  if (missing.length === 0) {
    return [];
  }
  return [{
    rule: PolicyRule.SERVER_MEMORY,
    message: `${container} has no memory ${missing.join(' and no memory ')}, so ${memoryConsequence(missing)}. `
      + 'Set its `resources.requests.memory` and `resources.limits.memory`.',
  }];
}

function memoryConsequence(missing: ReadonlyArray<'request' | 'limit'>): string {
  const consequences = {
    request: 'Kubernetes reserves no memory for it on the node',
    limit: 'nothing stops it from taking the node\'s memory from its neighbours',
  };
  return missing.map(m => consequences[m]).join(', and ');
}

function isBuiltIn(serverConfig: IServerConfig): boolean {
  return serverConfig === ServerConfig.MLSERVER || serverConfig === ServerConfig.TRITON;
}

function describeServerConfig(serverConfig: IServerConfig): string {
  if (serverConfig instanceof ServerConfig) {
    return `ServerConfig "${serverConfig.name}" (at '${serverConfig.node.path}')`;
  }
  return isBuiltIn(serverConfig) ? `Seldon's built-in ServerConfig "${serverConfig.name}"` : `ServerConfig "${serverConfig.name}"`;
}

/** `PolicyRule.PINNED_IMAGES`, as the user writes it. */
function ruleName(rule: PolicyRule): string {
  const key = Object.keys(PolicyRule).find(k => PolicyRule[k as keyof typeof PolicyRule] === rule);
  return `PolicyRule.${key}`;
}

function scopeLabel(scope: IConstruct): string {
  return scope.node.path === '' ? 'the app' : `'${scope.node.path}'`;
}
