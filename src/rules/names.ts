/**
 * Seldon's name rules, as pure functions. Each returns a description of the problem, or
 * `undefined` when the name is acceptable.
 */

/** Longest Server name whose StatefulSet pods still get a valid `controller-revision-hash` label. */
export const MAX_SERVER_NAME_LENGTH = 52;

/** Longest Model name we accept: one DNS label, as the scheduler's name check implies. */
export const MAX_MODEL_NAME_LENGTH = 63;

const SERVER_NAME = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * Whether a name is a DNS-1123 label (at most 63 characters), as Kubernetes requires of
 * namespaces and of container, volume and port names.
 */
export function isDnsLabel(name: unknown): name is string {
  return typeof name === 'string' && name.length <= 63 && DNS_LABEL.test(name);
}

/**
 * Whether a name is a DNS-1123 subdomain (at most 253 characters), as Kubernetes requires of
 * most object names.
 */
export function isDnsSubdomain(name: unknown): name is string {
  return typeof name === 'string' && name.length <= 253 && DNS_SUBDOMAIN.test(name);
}

/**
 * An image reference must be a non-empty string without blanks; anything else fails at pull time.
 */
export function imageReferenceProblem(image: string): string | undefined {
  if (typeof image !== 'string' || image.trim() === '' || /\s/.test(image)) {
    return `must be an image reference without spaces, got ${JSON.stringify(image)}`;
  }
  return undefined;
}

/**
 * A Server's name becomes a StatefulSet name and one Service `<name>-<replica>` per replica,
 * so it must be an RFC 1035 label short enough for the StatefulSet's revision-hash pod label.
 */
export function serverNameProblem(name: string): string | undefined {
  if (name.length === 0) {
    return 'is empty';
  }
  if (name.length > MAX_SERVER_NAME_LENGTH) {
    return `is ${name.length} characters long; Seldon's StatefulSet breaks above ${MAX_SERVER_NAME_LENGTH}`;
  }
  if (!SERVER_NAME.test(name)) {
    return 'must start with a lowercase letter, contain only lowercase letters, digits and "-", and end with a letter or digit '
      + '(it names the StatefulSet and one Service per replica)';
  }
  return undefined;
}

/**
 * A Model's name is checked by the scheduler (no dots, DNS-label shape) and appears in the
 * model's inference route.
 */
export function modelNameProblem(name: string): string | undefined {
  if (name.length === 0) {
    return 'is empty';
  }
  if (name.length > MAX_MODEL_NAME_LENGTH) {
    return `is ${name.length} characters long; keep it to ${MAX_MODEL_NAME_LENGTH} (one DNS label)`;
  }
  if (!DNS_LABEL.test(name)) {
    return 'must contain only lowercase letters, digits and "-", and start and end with a letter or digit '
      + '(Seldon\'s scheduler rejects anything else, dots and underscores included)';
  }
  return undefined;
}
