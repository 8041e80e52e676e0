/**
 * Which Servers Seldon's scheduler could place a Model on, decided from plain data.
 *
 * The rules are the scheduler's filters, in its order: the pin (`spec.server`), servers scaled to
 * zero, requirements (plus `modelType`) matched exactly after trimming against the advertised
 * capabilities, `alibi-explain` for explainers, the memory of one server replica, and the number
 * of replicas (at most one model replica per server replica; a server with native autoscaling can
 * grow to its `maxReplicas`; a model with `minReplicas` can be placed partially).
 */
import { formatBytes } from './quantity';
import { didYouMean } from './similar';

/** The capability an explainer needs on its server. */
export const EXPLAINER_CAPABILITY = 'alibi-explain';

/** A server as placement sees it. */
export interface ServerFacts {
  /** The server's name. */
  readonly name: string;
  /** Its namespace; `undefined` is the namespace kubectl applies to (one namespace of its own). */
  readonly namespace?: string;
  /** What its agent advertises (already trimmed, as the agent does). */
  readonly capabilities: readonly string[];
  /** Replicas Seldon runs. */
  readonly replicas: number;
  /** `minReplicas` (0 when unset). */
  readonly minReplicas: number;
  /** `maxReplicas` (undefined when unbounded). */
  readonly maxReplicas?: number;
  /** Memory one replica accepts models up to, in bytes; undefined when unknown. */
  readonly memoryCapacityBytes?: number;
}

/** A model as placement sees it. */
export interface ModelFacts {
  /** The model's name. */
  readonly name: string;
  /** Its namespace (see `ServerFacts.namespace`). */
  readonly namespace?: string;
  /** `spec.requirements` as written. */
  readonly requirements: readonly string[];
  /** `spec.modelType`, which Seldon appends to the requirements. */
  readonly modelType?: string;
  /** Whether `spec.explainer` is set. */
  readonly explainer: boolean;
  /** The server the model is pinned to. */
  readonly server?: string;
  /** Resolved replicas. */
  readonly replicas: number;
  /** Resolved `minReplicas` (0 when unset). */
  readonly minReplicas: number;
  /** `spec.memory` in bytes. */
  readonly memoryBytes?: number;
}

/** The rules, in the order they are checked. */
export type PlacementRule = 'pin' | 'stopped' | 'requirement' | 'explainer' | 'memory' | 'replicas';

/** Why a server cannot host a model. */
export interface Exclusion {
  readonly rule: PlacementRule;
  /** One line for a table: what fails. */
  readonly reason: string;
  /** The same with the facts needed to fix it (the advertised capabilities, a "did you mean"). */
  readonly detail: string;
}

/** A server that can host a model, and how. */
export interface Fit {
  readonly server: ServerFacts;
  /** Model replicas Seldon would place there. */
  readonly replicas: number;
  /** Only `minReplicas`..`replicas - 1` replicas fit (partial placement). */
  readonly partial: boolean;
  /** The replicas fit only once native server autoscaling has grown the server. */
  readonly scaleUp: boolean;
}

/** What the full check says about one model against every server in its namespace. */
export interface ModelPlacement {
  readonly fits: Fit[];
  readonly exclusions: Array<{ readonly server: ServerFacts; readonly exclusion: Exclusion }>;
}

/** Whether a server has Seldon's native autoscaling: both `minReplicas` and `maxReplicas` set. */
export function serverAutoscales(server: ServerFacts): boolean {
  return server.minReplicas > 0 && server.maxReplicas !== undefined;
}

/** Whether a result of `checkServer` is a fit. */
export function isFit(result: Fit | Exclusion): result is Fit {
  return (result as Fit).server !== undefined;
}

/** Checks one model against one server. */
export function checkServer(model: ModelFacts, server: ServerFacts): Fit | Exclusion {
  return check(model, entry(server));
}

/** A server with its capabilities as a set. */
interface Entry {
  readonly facts: ServerFacts;
  readonly capabilities: ReadonlySet<string>;
}

function entry(facts: ServerFacts): Entry {
  return { facts, capabilities: new Set(facts.capabilities) };
}

function advertised(server: ServerFacts): string {
  return server.capabilities.length === 0 ? 'advertises nothing' : `advertises: ${server.capabilities.join(', ')}`;
}

function check(model: ModelFacts, { facts: server, capabilities }: Entry): Fit | Exclusion {
  if (model.server !== undefined && model.server !== server.name) {
    return { rule: 'pin', reason: `pinned to server "${model.server}"`, detail: `the model is pinned to server "${model.server}"` };
  }
  if (server.replicas === 0) {
    return { rule: 'stopped', reason: 'scaled to zero', detail: `${server.name} has 0 replicas; Seldon places nothing on a server scaled to zero` };
  }
  const wanted: Array<[string, string]> = model.requirements.map(r => ['requirement', r]);
  if (model.modelType !== undefined) {
    wanted.push(['modelType', model.modelType]);
  }
  for (const [field, requirement] of wanted) {
    const trimmed = requirement.trim();
    if (!capabilities.has(trimmed)) {
      return {
        rule: 'requirement',
        reason: `${field} "${trimmed}" not advertised`,
        detail: `${field} "${trimmed}" not advertised by ${server.name} (${advertised(server)}).${didYouMean(trimmed, server.capabilities)}`,
      };
    }
  }
  if (model.explainer && !capabilities.has(EXPLAINER_CAPABILITY)) {
    return {
      rule: 'explainer',
      reason: `explainer needs "${EXPLAINER_CAPABILITY}", not advertised`,
      detail: `the model is an explainer, which needs capability "${EXPLAINER_CAPABILITY}", not advertised by ${server.name} (${advertised(server)}).`,
    };
  }
  if (model.memoryBytes !== undefined && server.memoryCapacityBytes !== undefined && model.memoryBytes > server.memoryCapacityBytes) {
    const needs = formatBytes(model.memoryBytes);
    const holds = formatBytes(server.memoryCapacityBytes);
    return {
      rule: 'memory',
      reason: `needs ${needs} of memory; a replica holds ${holds}`,
      detail: `the model needs ${needs} of memory; one replica of ${server.name} holds ${holds} (its memory request plus overcommit). `
        + 'Lower `memory` or raise the server\'s memory request.',
    };
  }
  return replicaFit(model, server);
}

function replicaFit(model: ModelFacts, server: ServerFacts): Fit | Exclusion {
  if (model.replicas <= server.replicas) {
    return { server, replicas: model.replicas, partial: false, scaleUp: false };
  }
  if (serverAutoscales(server) && model.replicas <= server.maxReplicas!) {
    return { server, replicas: model.replicas, partial: false, scaleUp: true };
  }
  if (model.minReplicas > 0 && model.minReplicas <= server.replicas) {
    return { server, replicas: server.replicas, partial: true, scaleUp: false };
  }
  const growth = serverAutoscales(server) ? ` and autoscales to at most ${server.maxReplicas}` : '';
  const min = model.minReplicas > 0 ? ` (minReplicas ${model.minReplicas})` : '';
  return {
    rule: 'replicas',
    reason: `needs ${model.replicas} replicas${min}; the server runs ${server.replicas}${growth}`,
    detail: `the model needs ${model.replicas} replicas${min}; ${server.name} runs ${server.replicas}${growth}, and Seldon puts at most one replica `
      + 'of a model on each server replica. Lower `replicas`, set `minReplicas` to allow partial placement, or give the server more replicas.',
  };
}

/** The namespace key of `undefined`: Kubernetes namespace names are never empty. */
const NO_NAMESPACE = '';

function namespaceKey(namespace: string | undefined): string {
  return namespace ?? NO_NAMESPACE;
}

/** The servers of one namespace, indexed by name and by capability. */
class NamespaceIndex {
  public readonly entries: Entry[] = [];
  public readonly byName = new Map<string, Entry[]>();
  public readonly byCapability = new Map<string, Entry[]>();

  public add(e: Entry): void {
    this.entries.push(e);
    push(this.byName, e.facts.name, e);
    for (const capability of e.capabilities) {
      push(this.byCapability, capability, e);
    }
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) {
    list.push(value);
  } else {
    map.set(key, [value]);
  }
}

/**
 * Servers indexed by namespace, name and capability, so placing a model looks only at the servers
 * that could match its pin or its rarest requirement.
 */
export class PlacementIndex {
  private readonly namespaces = new Map<string, NamespaceIndex>();

  constructor(servers: readonly ServerFacts[]) {
    const sorted = [...servers].sort((a, b) => compare(a.name, b.name));
    for (const server of sorted) {
      const key = namespaceKey(server.namespace);
      let ns = this.namespaces.get(key);
      if (!ns) {
        ns = new NamespaceIndex();
        this.namespaces.set(key, ns);
      }
      ns.add(entry(server));
    }
  }

  /** The servers of a namespace, sorted by name. */
  public serversIn(namespace: string | undefined): ServerFacts[] {
    return (this.namespaces.get(namespaceKey(namespace))?.entries ?? []).map(e => e.facts);
  }

  /** The namespaces that have servers (`undefined` for the unset namespace), sorted. */
  public namespacesWithServers(): Array<string | undefined> {
    return [...this.namespaces.keys()].sort(compare).map(k => k === NO_NAMESPACE ? undefined : k);
  }

  /**
   * The servers that can host a model, sorted by name. Looks only at the pinned server or at the
   * servers advertising the model's rarest requirement.
   *
   * @param enough stop once this many servers fit, one of them fully (not only partially)
   */
  public fits(model: ModelFacts, enough: number = Infinity): Fit[] {
    const ns = this.namespaces.get(namespaceKey(model.namespace));
    if (!ns) {
      return [];
    }
    const fits: Fit[] = [];
    let full = false;
    for (const e of this.pool(model, ns)) {
      const result = check(model, e);
      if (isFit(result)) {
        fits.push(result);
        full ||= !result.partial;
        if (full && fits.length >= enough) {
          break;
        }
      }
    }
    return fits;
  }

  /** Every server of the model's namespace: those that fit, and the first rule each other one breaks. */
  public explain(model: ModelFacts): ModelPlacement {
    const fits: Fit[] = [];
    const exclusions: Array<{ server: ServerFacts; exclusion: Exclusion }> = [];
    for (const e of this.namespaces.get(namespaceKey(model.namespace))?.entries ?? []) {
      const result = check(model, e);
      if (isFit(result)) {
        fits.push(result);
      } else {
        exclusions.push({ server: e.facts, exclusion: result });
      }
    }
    return { fits, exclusions };
  }

  private pool(model: ModelFacts, ns: NamespaceIndex): readonly Entry[] {
    if (model.server !== undefined) {
      return ns.byName.get(model.server) ?? [];
    }
    const keys = model.requirements.map(r => r.trim());
    if (model.modelType !== undefined) {
      keys.push(model.modelType.trim());
    }
    if (model.explainer) {
      keys.push(EXPLAINER_CAPABILITY);
    }
    let pool: readonly Entry[] = ns.entries;
    for (const key of keys) {
      const list = ns.byCapability.get(key) ?? [];
      if (list.length < pool.length) {
        pool = list;
      }
    }
    return pool;
  }
}

/** Code-point order, independent of the locale. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
