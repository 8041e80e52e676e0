/**
 * The `spec` of a Seldon `Model` (`mlops.seldon.io/v1alpha1`), as the Model custom resource
 * definition declares it.
 *
 * Every field of the API is here, including the ones Seldon does not act on (`schemaUri`,
 * `preloaded`, `dedicated`, `logger.percent`); the `Model` construct never emits those. The type is
 * exported for libraries that inspect or post-process what they synthesize.
 */
export interface ModelSpec {
  /**
   * Where rclone copies the model artifacts from: `<remote>:<path>` (for example
   * `gs://bucket/path`, where `gs` is the remote) or an absolute path inside the rclone container.
   */
  readonly storageUri: string;

  /**
   * Model type. Seldon appends it to `requirements` before scheduling.
   *
   * @default - none
   */
  readonly modelType?: string;

  /**
   * Numbered version folder of the artifact to load (Triton-style repositories).
   *
   * @default - the artifact as stored
   */
  readonly artifactVersion?: number;

  /**
   * Schema URI. Not used by Seldon's scheduler.
   *
   * @default - none
   */
  readonly schemaUri?: string;

  /**
   * Name of a Secret in the model's namespace holding one rclone remote configuration, whose
   * `name` equals the remote of `storageUri`.
   *
   * @default - only the remotes preloaded on the agents
   */
  readonly secretName?: string;

  /**
   * Capabilities the server must advertise, each matched exactly (after trimming).
   *
   * @default - any server
   */
  readonly requirements?: string[];

  /**
   * Memory the model needs on one server replica, as a Kubernetes quantity that is a whole number
   * of bytes.
   *
   * @default - 0 for scheduling
   */
  readonly memory?: string;

  /**
   * Number of model replicas, each on a different server replica.
   *
   * @default 1
   */
  readonly replicas?: number;

  /**
   * Lower bound for model autoscaling; above 0 it also allows partial placement.
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
   * Name of the Server (in the same namespace) the model must be placed on.
   *
   * @default - any matching server
   */
  readonly server?: string;

  /**
   * Declared by the CRD, not read by Seldon.
   *
   * @default false
   */
  readonly preloaded?: boolean;

  /**
   * Declared by the CRD, not implemented by Seldon.
   *
   * @default false
   */
  readonly dedicated?: boolean;

  /**
   * Payload logging: its presence turns logging on.
   *
   * @default - no payload logging
   */
  readonly logger?: ModelLoggerSpec;

  /**
   * Makes the model an Alibi explainer of another model or a pipeline.
   *
   * @default - not an explainer
   */
  readonly explainer?: ModelExplainerSpec;

  /**
   * Parameters handed to the inference runtime when the model is loaded.
   *
   * @default - none
   */
  readonly parameters?: ModelParameterSpec[];

  /**
   * Makes the model a large-language-model runtime for another model or a pipeline.
   *
   * @default - not an LLM runtime
   */
  readonly llm?: ModelLlmSpec;

  /**
   * Kafka settings of the model's data flow.
   *
   * @default - Seldon's defaults
   */
  readonly dataflow?: ModelDataflowSpec;
}

/**
 * The `spec.logger` field of a Seldon `Model`.
 */
export interface ModelLoggerSpec {
  /**
   * Percentage of payloads to log. Declared by the CRD, ignored by Seldon, which logs every
   * payload once `logger` is present.
   *
   * @default - every payload
   */
  readonly percent?: number;
}

/**
 * The `spec.explainer` field of a Seldon `Model`: an Alibi explainer. A black-box explainer
 * names the model or the pipeline it explains; at most one of the two.
 */
export interface ModelExplainerSpec {
  /**
   * Alibi explainer type, such as `anchor_tabular` or `anchor_text`.
   *
   * @default - none
   */
  readonly type?: string;

  /**
   * Name of the model explained, in the same namespace.
   *
   * @default - none
   */
  readonly modelRef?: string;

  /**
   * Name of the pipeline explained, in the same namespace.
   *
   * @default - none
   */
  readonly pipelineRef?: string;
}

/**
 * The `spec.llm` field of a Seldon `Model`: the model or pipeline an LLM runtime serves; at most
 * one of the two.
 */
export interface ModelLlmSpec {
  /**
   * Name of a model, in the same namespace.
   *
   * @default - none
   */
  readonly modelRef?: string;

  /**
   * Name of a pipeline, in the same namespace.
   *
   * @default - none
   */
  readonly pipelineRef?: string;
}

/**
 * One item of `spec.parameters` of a Seldon `Model`.
 */
export interface ModelParameterSpec {
  /** Parameter name. */
  readonly name: string;
  /** Parameter value. */
  readonly value: string;
}

/**
 * The `spec.dataflow` field of a Seldon `Model`.
 */
export interface ModelDataflowSpec {
  /**
   * Delete the model's Kafka input and output topics when the model is deleted.
   *
   * @default false
   */
  readonly cleanTopicsOnDelete?: boolean;
}
