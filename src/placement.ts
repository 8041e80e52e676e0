import { ApiObject } from 'cdk8s';
import { Construct, IConstruct, IValidation } from 'constructs';
import { describeConstruct } from './errors';
import type { Model } from './model';
import { namespaceLabel } from './namespaces';
import { compare, Fit, ModelFacts, PlacementIndex, serverAutoscales, ServerFacts } from './rules/placement';
import { formatBytes, sizeToBytes } from './rules/quantity';
import type { IServer } from './server';

/** Id of the one `Placement` construct, a child of the root of the construct tree. */
const PLACEMENT_ID = 'cdk8s-seldon.Placement';

/** The findings of a construct without any (shared: validation results are copied by cdk8s). */
const NONE: string[] = [];

/** Candidate servers a warning names; it ends with "…" when more can host the model. */
const NAMES_SHOWN = 10;

/**
 * A finding of the placement checks about one construct.
 */
export interface PlacementFinding {
  /** Construct path of the Model (or Server) concerned. */
  readonly path: string;
  /** The message, starting with the construct's kind, name and path. */
  readonly message: string;
}

/** What one run of the checks found. */
interface Computation {
  /** The `generation` it was computed at. */
  readonly generation: number;
  readonly errors: Map<IConstruct, string[]>;
  readonly warnings: Map<IConstruct, string[]>;
}

/**
 * Synth-time model placement checks: for every `Model`, which of the Servers declared in the
 * same namespace (constructs, or `Server.fromName()` references) Seldon's scheduler could place it
 * on, following the scheduler's rules (pin, servers scaled to zero, requirements and `modelType`
 * matched exactly against advertised capabilities, `alibi-explain` for explainers, memory per
 * server replica, replicas).
 *
 * - A model no server can host fails the synthesis, with the first rule each server of its
 *   namespace breaks.
 * - A model several servers can host, and not pinned to one, gets a warning: Seldon picks one of
 *   them arbitrarily. So does a model that only fits partially (fewer replicas, allowed by
 *   `minReplicas`). With `strict`, warnings fail the synthesis too.
 *
 * There is one `Placement` per construct tree; `Placement.of(scope)` returns it. It is computed
 * once per synthesis, over servers indexed by namespace and capability.
 */
export class Placement extends Construct {
  /** Context key that turns on `strict` when set to `true` (`app.node.setContext(...)`). */
  public static readonly STRICT_CONTEXT_KEY = 'cdk8s-seldon:strict';

  /** Environment variable that turns on `strict` when set to `1` or `true` (e.g. in CI). */
  public static readonly STRICT_ENV_VAR = 'CDK8S_SELDON_STRICT';

  /**
   * The placement checks of the construct tree `scope` belongs to.
   *
   * @param scope any construct of the tree
   */
  public static of(scope: IConstruct): Placement {
    const root = scope.node.root;
    const existing = root.node.tryFindChild(PLACEMENT_ID);
    return existing instanceof Placement ? existing : new Placement(root as Construct);
  }

  /**
   * Print warnings (to stderr, once each) when they are found during synthesis.
   *
   * @default true
   */
  public printWarnings = true;

  private strictSetting?: boolean;
  private readonly models: Model[] = [];
  private readonly servers: IServer[] = [];
  private readonly known = new Set<IConstruct>();
  private readonly printed = new Set<string>();
  private generation = 0;
  private current?: Computation;
  /** The last computation whose warnings were printed: cdk8s validates once per chart. */
  private printedComputation?: Computation;
  /** `findingsFor`, shared by the validation of every model and server. */
  private readonly findingsOf: (check: Findings) => string[];

  private constructor(root: Construct) {
    super(root, PLACEMENT_ID);
    this.findingsOf = check => this.findingsFor(check);
    // The root is validated first in every validation pass: refresh there, then each model and
    // server reports its own findings from the result. cdk8s validates the whole app once more for
    // every chart it writes, so the result is reused until a model or server is added or changed.
    root.node.addValidation({
      validate: () => {
        this.current = this.refresh();
        this.print(this.current);
        return [];
      },
    });
  }

  /**
   * Whether warnings (ambiguous or partial placement) fail the synthesis like errors.
   *
   * @default - true when the context key `cdk8s-seldon:strict` or the environment variable
   * `CDK8S_SELDON_STRICT` is `true` (or `1`), else false
   */
  public get strict(): boolean {
    if (this.strictSetting !== undefined) {
      return this.strictSetting;
    }
    const context = this.node.tryGetContext(Placement.STRICT_CONTEXT_KEY);
    const env = process.env[Placement.STRICT_ENV_VAR];
    return [true, 'true', '1', 1].includes(context) || env === 'true' || env === '1';
  }

  public set strict(value: boolean) {
    this.strictSetting = value;
  }

  /** The warnings the checks find now (without printing them), grouped by construct. */
  public get warnings(): PlacementFinding[] {
    return findings(this.refresh().warnings);
  }

  /** The errors the checks find now (those that fail the synthesis, warnings too when strict), grouped by construct. */
  public get errors(): PlacementFinding[] {
    const computation = this.refresh();
    const all = new Map(computation.errors);
    if (this.strict) {
      for (const [construct, messages] of computation.warnings) {
        messages.forEach(message => addTo(all, construct, message));
      }
    }
    return findings(all);
  }

  /**
   * The placement report: for each namespace, the servers declared there and, for each model,
   * the servers it can land on and the first rule that excludes each other server, as Markdown
   * tables for reviewers.
   */
  public toMarkdown(): string {
    const { index, models } = this.snapshot(this.serverFacts());
    const namespaces = new Map<string, string | undefined>();
    for (const ns of [...index.namespacesWithServers(), ...models.map(m => m.facts.namespace)]) {
      namespaces.set(ns ?? '', ns);
    }
    const lines = [
      '# Model placement',
      '',
      'Where Seldon\'s scheduler can place each Model among the Servers declared in this app, and the first rule that excludes each '
        + 'other Server of its namespace. Generated by cdk8s-seldon at synthesis.',
    ];
    for (const key of [...namespaces.keys()].sort(compare)) {
      const namespace = namespaces.get(key);
      lines.push('', `## ${namespace === undefined ? 'No namespace set' : `Namespace \`${namespace}\``}`, '');
      const servers = index.serversIn(namespace);
      if (servers.length === 0) {
        lines.push('No servers are declared here.');
      } else {
        lines.push('| Server | Replicas | Memory per replica | Capabilities |', '| --- | --- | --- | --- |');
        for (const s of servers) {
          const replicas = serverAutoscales(s) ? `${s.replicas} (autoscales ${s.minReplicas}–${s.maxReplicas})` : `${s.replicas}`;
          const memory = s.memoryCapacityBytes === undefined ? 'unknown' : formatBytes(s.memoryCapacityBytes);
          lines.push(row(s.name, replicas, memory, s.capabilities.join(', ')));
        }
      }
      const here = models.filter(m => m.facts.namespace === namespace).sort((a, b) => compare(a.facts.name, b.facts.name));
      if (here.length === 0) {
        continue;
      }
      lines.push('', '| Model | Can land on | Excluded servers |', '| --- | --- | --- |');
      for (const { facts } of here) {
        const { fits, exclusions } = index.explain(facts);
        const note = fits.length > 1 && facts.server === undefined ? ' (Seldon picks one)' : '';
        const landing = fits.length === 0 ? '**none**' : `${fits.map(f => describeFit(f, facts)).join(', ')}${note}`;
        const excluded = exclusions.map(e => `${e.server.name}: ${e.exclusion.reason}`).join('<br>') || '–';
        lines.push(row(facts.name, landing, excluded));
      }
    }
    return `${lines.join('\n')}\n`;
  }

  /**
   * Registers a server with the checks.
   * @internal
   */
  public _addServer(server: IServer): void {
    if (this.known.has(server)) {
      return;
    }
    this.known.add(server);
    this.servers.push(server);
    this.generation++;
    server.node.addValidation(new Findings(this.findingsOf, server));
  }

  /**
   * Registers a model with the checks.
   * @internal
   */
  public _addModel(model: Model): void {
    this.models.push(model);
    this.generation++;
    if (model.server) {
      this._addServer(model.server);
    }
    model.node.addValidation(new Findings(this.findingsOf, model));
  }

  /**
   * Tells the checks that a registered server's capabilities or memory changed after construction.
   * @internal
   */
  public _invalidate(): void {
    this.generation++;
  }

  /** The errors of one construct (and its warnings, when strict), from this synthesis' computation. */
  private findingsFor(check: Findings): string[] {
    const computation = this.current = this.refresh();
    if (check.computation === computation) {
      return check.errors;
    }
    const errors = computation.errors.get(check.construct) ?? NONE;
    const warnings = computation.warnings.get(check.construct);
    if (warnings) {
      return this.strict ? [...errors, ...warnings] : errors;
    }
    // cdk8s validates the whole app once per chart: remember the answer for this computation
    check.computation = computation;
    check.errors = errors;
    return errors;
  }

  private print(computation: Computation): void {
    if (!this.printWarnings || computation === this.printedComputation || this.strict) {
      return;
    }
    this.printedComputation = computation;
    for (const { message } of findings(computation.warnings)) {
      if (!this.printed.has(message)) {
        this.printed.add(message);
        // eslint-disable-next-line no-console
        console.warn(`[cdk8s-seldon] Warning: ${message}`);
      }
    }
  }

  /** The placement facts of every declared server, read now. */
  private serverFacts(): Array<{ server: IServer; facts: ServerFacts }> {
    return this.servers.map(server => ({ server, facts: serverFacts(server) }));
  }

  /** The current findings: the last ones if no model or server was added or changed since, else new ones. */
  private refresh(): Computation {
    return this.current?.generation === this.generation ? this.current : this.compute(this.serverFacts());
  }

  /** The facts of every declared server and model, with duplicate names found. */
  private snapshot(servers: Array<{ server: IServer; facts: ServerFacts }>) {
    const errors = new Map<IConstruct, string[]>();
    const report = (construct: IConstruct, message: string) => addTo(errors, construct, message);

    const serversByKey = new Map<string, { server: IServer; facts: ServerFacts }>();
    for (const { server, facts } of servers) {
      const key = `${server.namespace ?? ''}/${server.name}`;
      const first = serversByKey.get(key);
      if (!first) {
        serversByKey.set(key, { server, facts });
      } else if (isSynthesized(server) || isSynthesized(first.server)) {
        report(server, `${describeConstruct(server, server.name)}: another Server named "${server.name}" is declared in ${namespaceLabel(server.namespace)} `
          + `at '${first.server.node.path}'. A namespace holds one Server per name; rename one of them, or pin models to the existing construct.`);
      } else if (JSON.stringify(facts) !== JSON.stringify(first.facts)) {
        report(server, `${describeConstruct(server, server.name)}: Server "${server.name}" in ${namespaceLabel(server.namespace)} is also declared at `
          + `'${first.server.node.path}' with different capabilities, replicas or memory. Declare an existing Server once.`);
      }
    }

    const modelsByKey = new Map<string, Model>();
    const models = this.models.map(model => {
      const key = `${model.namespace ?? ''}/${model.name}`;
      const first = modelsByKey.get(key);
      if (first) {
        report(model, `${describeConstruct(model, model.name)}: another Model named "${model.name}" is declared in ${namespaceLabel(model.namespace)} `
          + `at '${first.node.path}'. Seldon would treat one as a new version of the other; give them different names.`);
      } else {
        modelsByKey.set(key, model);
      }
      return { model, facts: modelFacts(model) };
    });
    return { index: new PlacementIndex([...serversByKey.values()].map(s => s.facts)), models, errors };
  }

  private compute(servers: Array<{ server: IServer; facts: ServerFacts }>): Computation {
    const generation = this.generation;
    const { index, models, errors } = this.snapshot(servers);
    const warnings = new Map<IConstruct, string[]>();

    for (const { model, facts } of models) {
      // Enough to name the candidates in a warning and to know whether any fits fully.
      const fits = index.fits(facts, NAMES_SHOWN + 1);
      const who = describeConstruct(model, model.name);
      if (fits.length === 0) {
        addTo(errors, model, noServerMessage(who, facts, index));
        continue;
      }
      if (fits.length > 1 && facts.server === undefined) {
        const names = fits.map(f => f.server.name);
        const count = names.length > NAMES_SHOWN ? `More than ${NAMES_SHOWN}` : `${names.length}`;
        const shown = names.length > NAMES_SHOWN ? `${names.slice(0, NAMES_SHOWN).join(', ')}, …` : names.join(', ');
        addTo(warnings, model, `${who}: ${count} Servers can host it (${shown}) and Seldon picks one of them arbitrarily. `
          + 'Pin the model with `server` (or create it with server.addModel()), or add a requirement only one of them advertises.');
      }
      if (fits.every(f => f.partial)) {
        const best = fits.reduce((a, b) => (b.replicas > a.replicas ? b : a));
        addTo(warnings, model, `${who}: it asks for ${facts.replicas} replicas but at most ${best.replicas} fit (on ${best.server.name}, one model replica per `
          + `server replica); minReplicas ${facts.minReplicas} lets Seldon run it with fewer. Give the server more replicas or lower \`replicas\`.`);
      }
    }
    return { generation, errors, warnings };
  }
}

/**
 * The validation of one model or server: its findings. One small object per construct (rather
 * than a closure each) keeps memory, and cdk8s's walks over the tree, lighter.
 */
class Findings implements IValidation {
  /** The computation `errors` was read from, for a construct without warnings there. */
  public computation?: Computation;
  public errors: string[] = NONE;

  constructor(private readonly of: (check: Findings) => string[], public readonly construct: IConstruct) {}

  public validate(): string[] {
    return this.of(this);
  }
}

function addTo(map: Map<IConstruct, string[]>, construct: IConstruct, message: string): void {
  map.set(construct, [...(map.get(construct) ?? []), message]);
}

function row(...cells: string[]): string {
  return `| ${cells.map(c => c.replace(/\|/g, '\\|').replace(/\n/g, ' ')).join(' | ')} |`;
}

function describeFit(fit: Fit, model: ModelFacts): string {
  if (fit.partial) {
    return `${fit.server.name} (partial: ${fit.replicas} of ${model.replicas} replicas)`;
  }
  return fit.scaleUp ? `${fit.server.name} (after scaling up)` : fit.server.name;
}

function findings(map: Map<IConstruct, string[]>): PlacementFinding[] {
  return [...map.entries()].flatMap(([construct, messages]) => messages.map(message => ({ path: construct.node.path, message })));
}

function isSynthesized(server: IServer): boolean {
  const child = server.node.defaultChild;
  return child !== undefined && ApiObject.isApiObject(child);
}

function serverFacts(server: IServer): ServerFacts {
  const capacity = server.memoryCapacity;
  return {
    name: server.name,
    namespace: server.namespace,
    capabilities: server.capabilities,
    replicas: server.scaling.replicas,
    minReplicas: server.scaling.minReplicas,
    maxReplicas: server.scaling.maxReplicas,
    memoryCapacityBytes: capacity === undefined ? undefined : sizeToBytes(capacity),
  };
}

function modelFacts(model: Model): ModelFacts {
  return {
    name: model.name,
    namespace: model.namespace,
    requirements: model.requirements,
    modelType: model.modelType,
    explainer: model.explainer !== undefined,
    server: model.server?.name,
    replicas: model.scaling.replicas,
    minReplicas: model.scaling.minReplicas,
    memoryBytes: model.memory === undefined ? undefined : sizeToBytes(model.memory),
  };
}

function noServerMessage(who: string, model: ModelFacts, index: PlacementIndex): string {
  const { exclusions } = index.explain(model);
  if (exclusions.length === 0) {
    const elsewhere = index.namespacesWithServers().filter(ns => ns !== model.namespace).map(namespaceLabel);
    const hint = elsewhere.length > 0 ? ` Servers are declared in ${elsewhere.join(', ')}; a model is only placed on servers of its own namespace.` : '';
    return `${who}: no Server is declared in ${namespaceLabel(model.namespace)}, so Seldon's scheduler would leave the model ScheduleFailed. `
      + 'Declare the servers it can run on: Server constructs, or Server.fromName() for servers that already exist '
      + `(Seldon's default installation has "mlserver" and "triton").${hint}`;
  }
  const reasons = exclusions.map(e => `\n    - ${e.server.name}: ${e.exclusion.detail}`).join('');
  return `${who}: no Server in ${namespaceLabel(model.namespace)} can host it; Seldon's scheduler would leave it ScheduleFailed.${reasons}`;
}
