import { IConstruct, IValidation } from 'constructs';
import { describeConstruct, propError } from './errors';
import { CAPABILITIES_ENV } from './rules/capabilities';
import { isDnsLabel } from './rules/names';
import { parseQuantity, requestsAboveLimits } from './rules/quantity';
import { OVERCOMMIT_ENV } from './rules/server-config-profile';
import { didYouMean } from './rules/similar';
import { ServerConfigContainer, ServerConfigProfile } from './server-config';
import { spread } from './spread';

/** A JSON object as it appears in a manifest. */
type JsonObject = { [key: string]: any };

/** Who owns an override, for error messages and for the ServerConfig facts it is checked against. */
export interface PodOverrideOwner {
  readonly scope: IConstruct;
  readonly seldonName: string;
  readonly serverConfigName: string;
  readonly profile: ServerConfigProfile;
}

/**
 * The `spec.podSpec` of a Server, built up from props and `add*` calls, and checked against what
 * Seldon's operator does with it when it merges it into the ServerConfig's pod:
 * containers are merged by name (an unknown name adds a container), every list is appended
 * (a second volume or mount with a taken name or path breaks the pod), `command` and `args` are
 * appended rather than replaced, and zero values never override.
 *
 * Every input is JSON as it will appear in the manifest (Kubernetes field names).
 */
export class PodOverride implements IValidation {
  private readonly serverConfigContainers: Map<string, ServerConfigContainer>;
  private readonly serverConfigVolumes: Set<string>;
  private readonly patches = new Map<string, JsonObject>();
  // made on first use: most servers add no sidecar, volume or init container
  private sidecars: ReadonlyMap<string, JsonObject> = NO_ENTRIES;
  private volumes: ReadonlyMap<string, JsonObject> = NO_ENTRIES;
  private initContainers: ReadonlyMap<string, JsonObject> = NO_ENTRIES;
  private readonly podFields: JsonObject = {};
  /** `validate()` until the next volume, container or mount is added. */
  private volumeProblems?: string[];

  constructor(private readonly owner: PodOverrideOwner) {
    this.serverConfigContainers = new Map(owner.profile.containers.map(c => [c.name, c]));
    this.serverConfigVolumes = new Set(owner.profile.volumeNames ?? []);
  }

  /**
   * Merges a patch into a container of the ServerConfig (or a sidecar added earlier).
   * @param prop how the user set it, for error messages
   */
  public patchContainer(name: string, patch: JsonObject, prop: string): void {
    this.volumeProblems = undefined;
    const sidecar = this.sidecars.get(name);
    const facts = this.serverConfigContainers.get(name);
    if (!facts && !sidecar) {
      const known = [...this.serverConfigContainers.keys()];
      throw this.error(prop, `targets container "${name}", which ServerConfig "${this.owner.serverConfigName}" does not have `
        + `(it has ${known.join(', ')}). Seldon would add it to the pod as a new container.${didYouMean(name, known)} `
        + 'To add a sidecar on purpose, use `sidecars` or addSidecar().');
    }
    for (const field of ['command', 'args']) {
      if (patch[field] !== undefined) {
        throw this.error(prop, `sets \`${field}\` of container "${name}". Seldon appends a Server's ${field} to the ServerConfig's instead of replacing them, `
          + 'so the container would run a mangled command line. Author a ServerConfig with the command line you need instead.');
      }
    }
    const target = sidecar ?? this.patches.get(name) ?? { name };
    this.checkContainer(name, patch, target, facts, prop);
    mergeJson(target, patch, `containers[${name}]`, conflict => this.error(prop, conflict));
    if (!sidecar) {
      this.patches.set(name, target);
    }
  }

  /** Adds a container of its own to the pod. */
  public addSidecar(container: JsonObject, prop: string): void {
    this.volumeProblems = undefined;
    const name = this.requireLabel(container.name, 'container', prop);
    if (this.serverConfigContainers.has(name)) {
      throw this.error(prop, `adds a sidecar named "${name}", but ServerConfig "${this.owner.serverConfigName}" already has a container of that name `
        + 'and Seldon would merge the two. Give the sidecar another name, or use the container props and `podOverride` to change the existing container.');
    }
    if (this.sidecars.has(name)) {
      throw this.error(prop, `adds a second sidecar named "${name}". Container names must be unique in a pod.`);
    }
    this.requireImage(container, 'sidecar', prop);
    const target: JsonObject = { name };
    this.checkContainer(name, container, target, undefined, prop);
    mergeJson(target, container, `containers[${name}]`, conflict => this.error(prop, conflict));
    this.sidecars = writable(this.sidecars).set(name, target);
  }

  /** Adds a volume to the pod. */
  public addVolume(volume: JsonObject, prop: string): void {
    this.volumeProblems = undefined;
    const name = this.requireLabel(volume.name, 'volume', prop);
    if (this.serverConfigVolumes.has(name)) {
      throw this.error(prop, `adds volume "${name}", but ServerConfig "${this.owner.serverConfigName}" already has a volume of that name. `
        + 'Seldon appends volumes, so the pod would have two and Kubernetes would reject it. Choose another name.');
    }
    if (this.volumes.has(name)) {
      throw this.error(prop, `adds volume "${name}" a second time. Volume names must be unique in a pod.`);
    }
    this.volumes = writable(this.volumes).set(name, clone(volume));
  }

  /** Adds an init container (Seldon appends init containers; it never merges them by name). */
  public addInitContainer(container: JsonObject, prop: string): void {
    this.volumeProblems = undefined;
    const name = this.requireLabel(container.name, 'container', prop);
    if (this.initContainers.has(name) || this.sidecars.has(name) || this.serverConfigContainers.has(name)) {
      throw this.error(prop, `adds init container "${name}", but the pod already has a container of that name. Container names must be unique in a pod.`);
    }
    this.requireImage(container, 'init container', prop);
    this.initContainers = writable(this.initContainers).set(name, clone(container));
  }

  /** Merges pod-level fields (node selector, tolerations, security context…). */
  public mergePodFields(fields: JsonObject, prop: string): void {
    for (const path of this.owner.profile.nonZeroPodFields ?? []) {
      const value = path.split('.').reduce<any>((obj, key) => (obj === undefined ? undefined : obj[key]), fields);
      if (value === false || value === 0 || value === '') {
        throw this.error(prop, `sets \`${path}\` to ${JSON.stringify(value)}, but ServerConfig "${this.owner.serverConfigName}" sets it to a non-zero value `
          + 'and Seldon never lets a zero value from a Server replace it: the setting would be silently ignored. Author a ServerConfig without it instead.');
      }
    }
    mergeJson(this.podFields, fields, 'podSpec', conflict => this.error(prop, conflict));
  }

  /**
   * The server's synth-time validation (the override is added to it with `addValidation`):
   * mounts that refer to a volume neither the ServerConfig nor this override provides, checked
   * at synth because volumes and mounts can be added in any order. Each message names the server.
   */
  public validate(): string[] {
    // cdk8s validates the whole app once per chart it synthesizes: compute once, until something changes
    this.volumeProblems ??= this.unknownVolumeProblems();
    return this.volumeProblems;
  }

  private unknownVolumeProblems(): string[] {
    const known = new Set([...this.serverConfigVolumes, ...this.volumes.keys()]);
    const problems: string[] = [];
    const containers = [...this.patches.values(), ...this.sidecars.values(), ...this.initContainers.values()];
    for (const container of containers) {
      for (const mount of container.volumeMounts ?? []) {
        if (!known.has(mount.name)) {
          problems.push(`${describeConstruct(this.owner.scope, this.owner.seldonName)}: container "${container.name}" mounts volume "${mount.name}" at ${mount.mountPath}, but the pod has no such volume `
            + `(it has ${[...known].join(', ')}).${didYouMean(mount.name, [...known])} Add it with \`volumes\` or addVolume().`);
        }
      }
    }
    return problems.length === 0 ? NO_PROBLEMS : problems;
  }

  /**
   * Refuses resource overrides that leave a request above its limit once Seldon has merged them
   * key by key into the ServerConfig's (for example a 4Gi memory request under the built-in 1Gi
   * limit): Kubernetes would reject every pod.
   */
  public checkResources(): void {
    for (const [name, patch] of this.patches) {
      const facts = this.serverConfigContainers.get(name);
      const requests = { ...facts?.requests, ...patch.resources?.requests };
      const limits = { ...facts?.limits, ...patch.resources?.limits };
      const [above] = requestsAboveLimits(requests, limits);
      if (above) {
        const { resource, request, limit } = above;
        const limitFromConfig = patch.resources?.limits?.[resource] === undefined;
        throw this.error('resources', `gives container "${name}" a ${resource} request of ${request}, above its ${resource} limit of ${limit}`
          + `${limitFromConfig ? ` (from ServerConfig "${this.owner.serverConfigName}", which Seldon keeps because it merges resources key by key)` : ''}. `
          + `Kubernetes rejects such pods. Raise the ${resource} limit too.`);
      }
    }
  }

  /** The server container's `requests.memory` as overridden, in bytes. */
  public memoryRequestBytes(): number | undefined {
    const quantity = this.patches.get(this.owner.profile.serverContainerName)?.resources?.requests?.memory;
    return quantity === undefined ? undefined : parseQuantity(String(quantity));
  }

  /** `SELDON_OVERCOMMIT_PERCENTAGE` as overridden on the agent. */
  public overcommitPercentage(): number | undefined {
    const entry = (this.patches.get('agent')?.env ?? []).find((e: JsonObject) => e.name === OVERCOMMIT_ENV);
    return entry?.value === undefined ? undefined : Number(entry.value);
  }

  /** The `spec.podSpec` to emit, or undefined when nothing is overridden. */
  public toJson(): JsonObject | undefined {
    const ordered = [
      ...this.owner.profile.containers.map(c => this.patches.get(c.name)).filter((c): c is JsonObject => c !== undefined),
      ...this.sidecars.values(),
    ];
    const spec: JsonObject = spread(this.podFields);
    if (this.volumes.size > 0) {
      spec.volumes = [...this.volumes.values()];
    }
    if (this.initContainers.size > 0) {
      spec.initContainers = [...this.initContainers.values()];
    }
    if (ordered.length > 0) {
      spec.containers = ordered;
    }
    return Object.keys(spec).length > 0 ? spec : undefined;
  }

  /** Checks a container patch against the container it lands in and the rest of the pod. */
  private checkContainer(name: string, patch: JsonObject, current: JsonObject, facts: ServerConfigContainer | undefined, prop: string): void {
    // what is taken is gathered when the patch has something to check against it
    let mounted: Set<string> | undefined;
    for (const mount of patch.volumeMounts ?? []) {
      mounted ??= new Set<string>([...(facts?.mountPaths ?? []), ...(current.volumeMounts ?? []).map((m: JsonObject) => m.mountPath)]);
      if (mounted.has(mount.mountPath)) {
        throw this.error(prop, `mounts volume "${mount.name}" at ${mount.mountPath} in container "${name}", where something is already mounted`
          + `${facts?.mountPaths?.includes(mount.mountPath) ? ` by ServerConfig "${this.owner.serverConfigName}"` : ''}. `
          + 'Seldon appends mounts, so the pod would be rejected. Choose another path.');
      }
      mounted.add(mount.mountPath);
    }

    let taken: { names: Map<string, string>; numbers: Map<number, string> } | undefined;
    for (const port of patch.ports ?? []) {
      taken ??= this.takenPorts();
      const { names: takenNames, numbers: takenNumbers } = taken;
      if (port.name !== undefined && takenNames.has(port.name)) {
        throw this.error(prop, `adds port "${port.name}" to container "${name}", but container "${takenNames.get(port.name)}" already has a port of that name. Choose another name.`);
      }
      if (takenNumbers.has(port.containerPort)) {
        throw this.error(prop, `adds port ${port.containerPort} to container "${name}", but container "${takenNumbers.get(port.containerPort)}" already listens on it `
          + 'and all containers of a pod share one network. Choose another port.');
      }
      if (port.name !== undefined) takenNames.set(port.name, name);
      takenNumbers.set(port.containerPort, name);
    }

    let envNames: Set<string> | undefined;
    for (const env of patch.env ?? []) {
      envNames ??= new Set((current.env ?? []).map((e: JsonObject) => e.name));
      if (env.name === CAPABILITIES_ENV) {
        throw this.error(prop, `sets ${CAPABILITIES_ENV} on container "${name}". Use the \`capabilities\` or \`extraCapabilities\` prop instead: `
          + 'Seldon rewrites that variable from them, and the library checks model placement against them.');
      }
      if (envNames.has(env.name)) {
        throw this.error(prop, `sets environment variable ${env.name} of container "${name}" twice. Set it once.`);
      }
      if (env.name === OVERCOMMIT_ENV && (env.value === undefined || !/^\d+$/.test(env.value))) {
        throw this.error(prop, `sets ${OVERCOMMIT_ENV} to ${JSON.stringify(env.value ?? env.valueFrom)}; the agent needs a whole number of percent.`);
      }
      envNames.add(env.name);
    }
  }

  /** The port names and numbers the pod's containers use, with the container using each. */
  private takenPorts(): { names: Map<string, string>; numbers: Map<number, string> } {
    const names = new Map<string, string>();
    const numbers = new Map<number, string>();
    for (const container of this.serverConfigContainers.values()) {
      container.portNames?.forEach(p => names.set(p, container.name));
      container.portNumbers?.forEach(p => numbers.set(p, container.name));
    }
    for (const other of [...this.patches.values(), ...this.sidecars.values()]) {
      for (const port of other.ports ?? []) {
        if (port.name) names.set(port.name, other.name);
        numbers.set(port.containerPort, other.name);
      }
    }
    return { names, numbers };
  }

  private requireLabel(name: unknown, what: string, prop: string): string {
    if (!isDnsLabel(name)) {
      throw this.error(prop, `has ${what} name ${JSON.stringify(name)}; a ${what} name must be a lowercase DNS label of at most 63 characters.`);
    }
    return name;
  }

  private requireImage(container: JsonObject, what: string, prop: string): void {
    if (typeof container.image !== 'string' || container.image.trim() === '') {
      throw this.error(prop, `adds ${what} "${container.name}" without an image. A new container needs one.`);
    }
  }

  private error(prop: string, problem: string): Error {
    return propError(this.owner.scope, this.owner.seldonName, prop, problem);
  }
}

/**
 * Deep-merges `patch` into `target` in place: objects merge key by key, lists are appended, and a
 * scalar set to two different values is a conflict (two props of one construct disagree).
 */
export function mergeJson(target: JsonObject, patch: JsonObject, path: string, conflict: (message: string) => Error): void {
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) {
      continue;
    }
    const existing = target[key];
    const here = `${path}.${key}`;
    if (existing === undefined) {
      target[key] = clone(value);
    } else if (Array.isArray(existing) && Array.isArray(value)) {
      existing.push(...clone(value));
    } else if (isObject(existing) && isObject(value)) {
      mergeJson(existing, value, here, conflict);
    } else if (JSON.stringify(existing) !== JSON.stringify(value)) {
      throw conflict(`sets ${here} to ${JSON.stringify(value)}, but another prop of this construct already set it to ${JSON.stringify(existing)}. Set it in one place.`);
    }
  }
}

/** What `validate()` returns for every override without problems. */
const NO_PROBLEMS: string[] = [];

/** The empty collection of every override that has not added any of a kind. Never written to. */
const NO_ENTRIES: ReadonlyMap<string, JsonObject> = new Map();

function writable(map: ReadonlyMap<string, JsonObject>): Map<string, JsonObject> {
  return map === NO_ENTRIES ? new Map() : map as Map<string, JsonObject>;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value));
}
