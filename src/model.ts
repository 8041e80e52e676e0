import { ApiObject, ApiObjectMetadata, ApiObjectProps, GroupVersionKind, Lazy, Size } from 'cdk8s';
import { ISecret } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { MODEL_KIND, SELDON_API_VERSION } from './api/gvk';
import { ModelDataflowSpec, ModelExplainerSpec, ModelLlmSpec, ModelSpec } from './api/model-spec';
import { describeAt, describeConstruct, propError } from './errors';
import { namespaceLabel, namespaceOf } from './namespaces';
import { Placement } from './placement';
import { notifyPolicies } from './policy-hook';
import { modelNameProblem } from './rules/names';
import { isWholeBytes, sizeToBytes, sizeToQuantity } from './rules/quantity';
import { isScalingProblem, resolveScaling, wholeInt32Problem } from './rules/scaling';
import { parseStorageUri, secretContentProblem, storageUriProblem } from './rules/storage-uri';
import type { IServer, ResolvedScalingInfo } from './server';
import { SpecProducer } from './spec-producer';
import { spread } from './spread';

/**
 * Everything about a Model except where its artifacts are and which server it is pinned to.
 */
export interface ModelOptions {
  /**
   * Metadata of the Model. Its name is the model's name in inference requests.
   *
   * @default - name is the construct id; namespace is the chart's
   */
  readonly metadata?: ApiObjectMetadata;

  /**
   * Capabilities a server must advertise to host the model (`sklearn`, `tensorflow`, a custom tag
   * such as `mlserver-1.3.4`…). Each is matched exactly, after trimming.
   *
   * @default - any server
   */
  readonly requirements?: string[];

  /**
   * Model type. Seldon appends it to `requirements`, so a server must advertise it too.
   *
   * @default - none
   */
  readonly modelType?: string;

  /**
   * Memory the model needs on each server replica it is loaded on. It must be a whole number of
   * bytes; `Size.kibibytes(100)` renders as `100Ki`.
   *
   * @default - Seldon counts 0 bytes when placing the model
   */
  readonly memory?: Size;

  /**
   * Number of model replicas. Each goes to a different replica of the same server.
   *
   * @default - Seldon's default: `minReplicas` if set, else 1
   */
  readonly replicas?: number;

  /**
   * Lower bound for model autoscaling. Above 0 it lets Seldon place the model on fewer replicas
   * than `replicas` when the server has fewer (partial placement).
   *
   * @default - no lower bound
   */
  readonly minReplicas?: number;

  /**
   * Upper bound for model autoscaling.
   *
   * @default - no upper bound
   */
  readonly maxReplicas?: number;

  /**
   * Secret holding the rclone configuration of the remote in `storageUri` (one key; its value has
   * `name`, `type` and `parameters`, and `name` equals the URI's remote). It must be in the
   * model's namespace. Rendered as `secretName`.
   *
   * @default - only the remotes preloaded on the agents (`gs` for public Google Cloud Storage
   * buckets in Seldon's default installation)
   */
  readonly secret?: ISecret;

  /**
   * Numbered version folder of the artifact to load (Triton-style model repositories).
   *
   * @default - the artifact as stored
   */
  readonly artifactVersion?: number;

  /**
   * Parameters handed to the inference runtime when it loads the model (for example `query` of
   * MLServer's pandas-query runtime). Rendered as a list sorted by name.
   *
   * @default - none
   */
  readonly parameters?: { [name: string]: string };

  /**
   * Makes the model an Alibi explainer. Seldon then places it only on servers advertising
   * `alibi-explain`. Cannot be combined with `llm`.
   *
   * @default - not an explainer
   */
  readonly explainer?: ModelExplainerSpec;

  /**
   * Makes the model a large-language-model runtime for another model or a pipeline. Cannot be
   * combined with `explainer`.
   *
   * @default - not an LLM runtime
   */
  readonly llm?: ModelLlmSpec;

  /**
   * Log every request and response payload.
   *
   * @default false
   */
  readonly logger?: boolean;

  /**
   * Kafka settings of the model's data flow.
   *
   * @default - Seldon's defaults
   */
  readonly dataflow?: ModelDataflowSpec;
}

/**
 * Props of `Model`.
 */
export interface ModelProps extends ModelOptions {
  /**
   * Where rclone copies the model artifacts from: `<remote>:<path>` (see `StorageUri` for
   * `gs://…`, `s3://…` and named remotes) or an absolute path mounted into the server's rclone
   * container (see `PvcServer.modelUri()`).
   */
  readonly storageUri: string;

  /**
   * The server the model must be placed on (`spec.server`). It must be in the model's namespace.
   * `server.addModel()` sets it for you.
   *
   * @default - any server whose capabilities match
   */
  readonly server?: IServer;
}

/**
 * Props of `server.addModel()`.
 */
export interface ServerModelProps extends ModelOptions {
  /**
   * Where rclone copies the model artifacts from.
   *
   * @default - on a `PvcServer`, the folder named after the model on its claim; required on any
   * other server
   */
  readonly storageUri?: string;
}

/**
 * A Seldon Core v2 `Model`: artifacts in storage that Seldon's scheduler loads onto a Server whose
 * capabilities, memory and replicas fit.
 *
 * The construct synthesizes one `mlops.seldon.io/v1alpha1` `Model` (child id `Resource`). Problems
 * local to the model fail at construction; where it can be placed is checked for all models at
 * once when the app is synthesized (see `Placement`).
 *
 * @example
 * new Model(chart, 'iris', {
 *   storageUri: StorageUri.gcs('seldon-models', 'scv2/samples/mlserver_1.6.0/iris-sklearn'),
 *   requirements: ['sklearn'],
 *   memory: Size.kibibytes(100),
 * });
 */
export class Model extends Construct {
  /** Group, version and kind of a Seldon Model. */
  public static readonly GVK: GroupVersionKind = { apiVersion: SELDON_API_VERSION, kind: MODEL_KIND };

  /** The model's name: its route in inference requests. */
  public readonly name: string;

  /**
   * The model's namespace.
   *
   * @default - the namespace of the chart
   */
  public readonly namespace?: string;

  /** Where the artifacts are. */
  public readonly storageUri: string;

  /** `modelType`, as given. */
  public readonly modelType?: string;

  /** The server the model is pinned to. */
  public readonly server?: IServer;

  /** Replica settings as Seldon resolves them. */
  public readonly scaling: ResolvedScalingInfo;

  /** Memory needed per server replica. */
  public readonly memory?: Size;

  /** The explainer settings, when the model is an explainer. */
  public readonly explainer?: ModelExplainerSpec;

  /** The secret with the storage remote's configuration. */
  public readonly secret?: ISecret;

  /** The Model object this construct synthesizes. */
  protected readonly apiObject: ApiObject;

  private readonly props: ModelProps;
  private readonly requirementsProp: string[];

  constructor(scope: Construct, id: string, props: ModelProps) {
    super(scope, id);
    this.props = props;
    this.name = props.metadata?.name ?? id;
    const nameProblem = modelNameProblem(this.name);
    if (nameProblem) {
      const from = props.metadata?.name === undefined ? ' (taken from the construct id; set `metadata.name` to choose another)' : '';
      throw this.error('metadata.name', `${JSON.stringify(this.name)}${from} ${nameProblem}.`);
    }
    this.storageUri = props.storageUri;
    this.modelType = props.modelType;
    this.server = props.server;
    this.memory = props.memory;
    this.explainer = props.explainer;
    this.secret = props.secret;
    this.requirementsProp = [...(props.requirements ?? [])];

    this.checkStorage(props);
    this.checkRequirements(props);
    this.scaling = this.resolveScaling(props);
    this.checkMemory(props.memory);
    this.checkRuntimeFields(props);

    this.apiObject = new ApiObject(this, 'Resource', spread<ApiObjectProps>(Model.GVK, {
      metadata: spread<ApiObjectMetadata>(props.metadata, { name: this.name }),
      spec: Lazy.any(new SpecProducer(this)),
    }));
    this.namespace = this.apiObject.metadata.namespace;
    this.checkNamespaces(props);

    if (props.secret) {
      this.node.addValidation({ validate: () => this.secretContentProblems() });
    }
    Placement.of(this)._addModel(this);
    notifyPolicies(this);
  }

  /** Requirements as given (without `modelType`). */
  public get requirements(): string[] {
    return [...this.requirementsProp];
  }

  /**
   * The `spec` this model synthesizes.
   *
   * @internal
   */
  public _toSpec(): ModelSpec {
    const props = this.props;
    const parameters = Object.keys(props.parameters ?? {}).sort().map(name => ({ name, value: props.parameters![name] }));
    const spec: { -readonly [K in keyof ModelSpec]: ModelSpec[K] } = { storageUri: props.storageUri };
    if (this.requirementsProp.length > 0) spec.requirements = [...this.requirementsProp];
    if (props.modelType !== undefined) spec.modelType = props.modelType;
    if (props.memory !== undefined) spec.memory = sizeToQuantity(props.memory);
    if (props.replicas !== undefined) spec.replicas = props.replicas;
    if (props.minReplicas !== undefined) spec.minReplicas = props.minReplicas;
    if (props.maxReplicas !== undefined) spec.maxReplicas = props.maxReplicas;
    if (props.server) spec.server = props.server.name;
    if (props.secret) spec.secretName = props.secret.name;
    if (props.artifactVersion !== undefined) spec.artifactVersion = props.artifactVersion;
    if (parameters.length > 0) spec.parameters = parameters;
    const { explainer, llm } = props;
    if (explainer) spec.explainer = definedFields({ type: explainer.type, modelRef: explainer.modelRef, pipelineRef: explainer.pipelineRef });
    if (llm) spec.llm = definedFields({ modelRef: llm.modelRef, pipelineRef: llm.pipelineRef });
    if (props.logger) spec.logger = {};
    if (props.dataflow?.cleanTopicsOnDelete !== undefined) spec.dataflow = { cleanTopicsOnDelete: props.dataflow.cleanTopicsOnDelete };
    return spec;
  }

  private error(prop: string, problem: string): Error {
    return propError(this, this.name, prop, problem);
  }

  private checkStorage(props: ModelProps): void {
    const problem = storageUriProblem(props.storageUri, props.secret !== undefined);
    if (problem) {
      throw this.error('storageUri', `${problem}.`);
    }
  }

  private checkRequirements(props: ModelProps): void {
    const items: Array<[string, unknown]> = this.requirementsProp.map((r, i) => [`requirements[${i}]`, r]);
    if (props.modelType !== undefined) {
      items.push(['modelType', props.modelType]);
    }
    for (const [prop, value] of items) {
      if (typeof value !== 'string' || value.trim() === '') {
        throw this.error(prop, `is ${JSON.stringify(value)}; a requirement names a capability a server advertises, so it cannot be blank.`);
      }
      if (value.includes(',')) {
        throw this.error(prop, `is ${JSON.stringify(value)}. Seldon matches each requirement whole, and no capability contains a comma; `
          + `list ${value.split(',').map(v => JSON.stringify(v.trim())).join(' and ')} separately.`);
      }
    }
  }

  private resolveScaling(props: ModelProps): ResolvedScalingInfo {
    const result = resolveScaling(props);
    if (isScalingProblem(result)) {
      throw this.error(result.field, `${result.message}.`);
    }
    return result;
  }

  private checkMemory(memory: Size | undefined): void {
    if (memory === undefined) {
      return;
    }
    if (!isWholeBytes(memory) || sizeToBytes(memory) < 0) {
      throw this.error('memory', `is ${memory.asString()}, which is not a whole number of bytes; Seldon refuses to load the model `
        + '("Can\'t convert model memory quantity to bytes"). Use a size that is a whole number of bytes, e.g. Size.kibibytes(100).');
    }
  }

  private checkRuntimeFields(props: ModelProps): void {
    const version = props.artifactVersion;
    const versionProblem = version === undefined ? undefined : wholeInt32Problem(version);
    if (versionProblem !== undefined) {
      throw this.error('artifactVersion', `${versionProblem}.`);
    }
    if (props.explainer && props.llm) {
      throw this.error('explainer', 'is set together with `llm`; Seldon refuses such a model ("Can\'t have both explainer and llm"). '
        + 'A model is either an explainer or an LLM runtime: declare two models.');
    }
    for (const [field, refs] of [['explainer', props.explainer], ['llm', props.llm]] as const) {
      if (!refs) {
        continue;
      }
      if (refs.modelRef !== undefined && refs.pipelineRef !== undefined) {
        throw this.error(field, 'sets both `modelRef` and `pipelineRef`; it refers to one model or one pipeline. Keep one of them.');
      }
      for (const [ref, value] of [['modelRef', refs.modelRef], ['pipelineRef', refs.pipelineRef]] as const) {
        const problem = value === undefined ? undefined : modelNameProblem(value);
        if (problem) {
          throw this.error(`${field}.${ref}`, `${JSON.stringify(value)} ${problem}, so no ${ref === 'modelRef' ? 'model' : 'pipeline'} can have that name.`);
        }
      }
    }
    for (const name of Object.keys(props.parameters ?? {})) {
      if (name.trim() === '') {
        throw this.error('parameters', 'has a parameter with a blank name. Give every parameter a name.');
      }
      if (typeof props.parameters![name] !== 'string') {
        throw this.error(`parameters.${name}`, `is ${JSON.stringify(props.parameters![name])}; parameter values are strings.`);
      }
    }
  }

  private checkNamespaces(props: ModelProps): void {
    const server = props.server;
    if (server && server.namespace !== this.namespace) {
      throw this.error('server', `is Server "${server.name}" in ${namespaceLabel(server.namespace)}, but the model is in ${namespaceLabel(this.namespace)}. `
        + 'Seldon only places a model on servers of its own namespace; declare the model in the server\'s namespace (server.addModel() does).');
    }
    const secretNamespace = props.secret ? namespaceOf(props.secret) : undefined;
    if (secretNamespace !== undefined && this.namespace !== undefined && secretNamespace !== this.namespace) {
      throw this.error('secret', `is Secret "${props.secret!.name}" in namespace "${secretNamespace}", but the model is in "${this.namespace}". `
        + 'Seldon\'s agent reads the secret from the model\'s namespace; create it there.');
    }
  }

  /** Checks the content of a secret synthesized in this app against the storage URI's remote. */
  private secretContentProblems(): string[] {
    const secret = this.props.secret!;
    const child = secret.node.defaultChild;
    const parsed = parseStorageUri(this.storageUri);
    if (child === undefined || !ApiObject.isApiObject(child) || child.kind !== 'Secret' || parsed.kind !== 'remote') {
      return [];
    }
    const manifest = child.toJson();
    const values = new Map<string, string>();
    for (const [key, value] of Object.entries(manifest.data ?? {})) {
      values.set(key, Buffer.from(String(value), 'base64').toString('utf-8'));
    }
    for (const [key, value] of Object.entries(manifest.stringData ?? {})) {
      values.set(key, String(value));
    }
    const problem = secretContentProblem([...values.entries()], parsed.remote);
    return problem ? [`${describeConstruct(this, this.name)}: \`secret\` "${secret.name}" ${problem}.`] : [];
  }
}

function definedFields<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * Creates a Model pinned to a server, as a child of it and in its namespace.
 * @internal
 */
export function newPinnedModel(server: IServer, id: string, props: ServerModelProps): Model {
  if (props.storageUri === undefined) {
    const path = server.node.path === '' ? id : `${server.node.path}/${id}`;
    throw new Error(`${describeAt('Model', path, props.metadata?.name ?? id)}: \`storageUri\` is required. `
      + 'Only models added to a PvcServer default to a folder on its claim.');
  }
  const metadata = server.namespace === undefined || props.metadata?.namespace !== undefined
    ? props.metadata
    : spread<ApiObjectMetadata>(props.metadata, { namespace: server.namespace });
  return new Model(server as unknown as Construct, id, spread<ModelProps>(props, { metadata, storageUri: props.storageUri, server }));
}
