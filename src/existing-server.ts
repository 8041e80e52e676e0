import { Chart, Size } from 'cdk8s';
import { Construct } from 'constructs';
import { propError } from './errors';
import type { Model, ServerModelProps } from './model';
import { newPinnedModel } from './model';
import { Placement } from './placement';
import { effectiveCapabilities, serverCapabilityProblem } from './rules/capabilities';
import { serverNameProblem } from './rules/names';
import { isWholeBytes, replicaCapacityBytes, sizeToBytes } from './rules/quantity';
import { isScalingProblem, resolveScaling } from './rules/scaling';
import type { IServer, ResolvedScalingInfo, ServerPlacementOptions } from './server';
import { IServerConfig, ServerConfig } from './server-config';

/**
 * Options for `Server.fromName()`: the facts about a Server that exists in the cluster which model
 * placement relies on. Declare them as the Server is really configured (its `replicas`,
 * `capabilities`…); nothing is synthesized.
 */
export interface ServerReferenceOptions extends ServerPlacementOptions {
  /**
   * The ServerConfig the server is built on.
   *
   * @default - `ServerConfig.TRITON` for a server named "triton" (as in Seldon's default
   * installation), `ServerConfig.MLSERVER` for any other name
   */
  readonly serverConfig?: IServerConfig;

  /**
   * The server's namespace.
   *
   * @default - the namespace of the chart
   */
  readonly namespace?: string;

  /**
   * Memory request of the server container, when the server overrides its ServerConfig's.
   *
   * @default - the ServerConfig's memory request
   */
  readonly memoryRequest?: Size;

  /**
   * `SELDON_OVERCOMMIT_PERCENTAGE` of the agent, when the server overrides its ServerConfig's.
   *
   * @default - the ServerConfig's (10 for the built-in ones)
   */
  readonly memoryOvercommitPercentage?: number;
}

/** Name of the ServerConfig of Seldon's default `triton` Server. */
const TRITON = 'triton';

/**
 * A Server that exists in the cluster, declared with `Server.fromName()`. It synthesizes nothing.
 */
export class ExistingServer extends Construct implements IServer {
  public readonly name: string;
  public readonly namespace?: string;
  public readonly serverConfig: IServerConfig;
  public readonly scaling: ResolvedScalingInfo;
  public readonly capabilities: string[];
  public readonly memoryCapacity?: Size;

  constructor(scope: Construct, id: string, name: string, options: ServerReferenceOptions) {
    super(scope, id);
    this.name = name;
    const nameProblem = serverNameProblem(name);
    if (nameProblem) {
      throw propError(this, name, 'name', `${JSON.stringify(name)} ${nameProblem}.`);
    }
    this.namespace = options.namespace ?? [...scope.node.scopes].reverse().find(Chart.isChart)?.namespace;
    this.serverConfig = options.serverConfig ?? (name === TRITON ? ServerConfig.TRITON : ServerConfig.MLSERVER);

    const scaling = resolveScaling(options);
    if (isScalingProblem(scaling)) {
      throw propError(this, name, scaling.field, `${scaling.message}.`);
    }
    this.scaling = scaling;

    const profile = this.serverConfig.profile;
    const extra = options.extraCapabilities ? [...options.extraCapabilities] : undefined;
    const capabilityProblem = serverCapabilityProblem(this.serverConfig.name, profile.capabilities, options.capabilities, extra);
    if (capabilityProblem) {
      throw propError(this, name, capabilityProblem.field, capabilityProblem.message);
    }
    this.capabilities = effectiveCapabilities(profile.capabilities, options.capabilities, extra);

    if (options.memoryRequest !== undefined && !isWholeBytes(options.memoryRequest)) {
      throw propError(this, name, 'memoryRequest', `is ${options.memoryRequest.asString()}, which is not a whole number of bytes.`);
    }
    const overcommit = options.memoryOvercommitPercentage ?? profile.memoryOvercommitPercentage ?? 10;
    if (!Number.isInteger(overcommit) || overcommit < 0) {
      throw propError(this, name, 'memoryOvercommitPercentage', `must be a whole number of percent, 0 or more, got ${overcommit}.`);
    }
    const request = options.memoryRequest ?? profile.memoryRequest;
    this.memoryCapacity = request === undefined ? undefined : Size.kibibytes(replicaCapacityBytes(sizeToBytes(request), overcommit) / 1024);

    Placement.of(this)._addServer(this);
  }

  public addModel(id: string, props: ServerModelProps = {}): Model {
    return newPinnedModel(this, id, props);
  }
}
