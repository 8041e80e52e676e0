import { Size } from 'cdk8s';
import { ContainerResources, EnvValue, k8s } from 'cdk8s-plus-27';
import { IConstruct } from 'constructs';
import { propError } from './errors';
import { isWholeBytes, sizeToQuantity } from './rules/quantity';

/**
 * Container fields rendered from typed props, as JSON with Kubernetes field names. Shared by the
 * Server and ServerConfig constructs; errors name the construct and the prop.
 */

/** The resource name of NVIDIA GPUs in container resources. */
export const NVIDIA_GPU = 'nvidia.com/gpu';

/** Requests and limits as they appear in a manifest. */
export interface ResourcesJson {
  requests?: { [resource: string]: string | number };
  limits?: { [resource: string]: string | number };
}

/**
 * Renders container resources and a GPU count (requested and limited alike).
 *
 * @returns undefined when neither sets anything
 */
export function renderResources(
  scope: IConstruct, seldonName: string, resources: ContainerResources | undefined, gpus: number | undefined,
): ResourcesJson | undefined {
  if (gpus !== undefined && (!Number.isInteger(gpus) || gpus < 1)) {
    throw propError(scope, seldonName, 'gpus', `must be a positive whole number of GPUs, got ${gpus}. Leave it unset for a server without GPUs.`);
  }
  const requests: { [key: string]: string | number } = {};
  const limits: { [key: string]: string | number } = {};
  const quantity = (prop: string, size: Size) => {
    if (!isWholeBytes(size)) {
      throw propError(scope, seldonName, prop, `is ${size.asString()}, which is not a whole number of bytes.`);
    }
    return sizeToQuantity(size);
  };
  if (resources?.cpu?.request) requests.cpu = resources.cpu.request.amount;
  if (resources?.cpu?.limit) limits.cpu = resources.cpu.limit.amount;
  if (resources?.memory?.request) requests.memory = quantity('resources.memory.request', resources.memory.request);
  if (resources?.memory?.limit) limits.memory = quantity('resources.memory.limit', resources.memory.limit);
  if (resources?.ephemeralStorage?.request) requests['ephemeral-storage'] = quantity('resources.ephemeralStorage.request', resources.ephemeralStorage.request);
  if (resources?.ephemeralStorage?.limit) limits['ephemeral-storage'] = quantity('resources.ephemeralStorage.limit', resources.ephemeralStorage.limit);
  if (gpus !== undefined) {
    requests[NVIDIA_GPU] = gpus;
    limits[NVIDIA_GPU] = gpus;
  }
  const result: ResourcesJson = {};
  if (Object.keys(requests).length > 0) result.requests = requests;
  if (Object.keys(limits).length > 0) result.limits = limits;
  return Object.keys(result).length > 0 ? result : undefined;
}

/**
 * Renders environment variables in name order (the same YAML on every run), refusing names
 * Kubernetes would reject.
 */
export function renderEnv(scope: IConstruct, seldonName: string, env: { [name: string]: EnvValue }, prop: string): { [key: string]: any }[] {
  return Object.keys(env).sort().map(name => {
    if (name === '' || name.includes('=')) {
      throw propError(scope, seldonName, prop, `has environment variable name ${JSON.stringify(name)}; names must be non-empty and contain no "=".`);
    }
    return k8s.toJson_EnvVar({ name, value: env[name].value, valueFrom: env[name].valueFrom })!;
  });
}
