/**
 * How Seldon turns a ServerConfig's capability list and a Server's `capabilities` /
 * `extraCapabilities` into what the agent advertises to the scheduler.
 */

/** What the agent advertises when its container has no `SELDON_SERVER_CAPABILITIES` variable. */
export const AGENT_FALLBACK_CAPABILITIES: readonly string[] = ['sklearn', 'xgboost'];

/** The environment variable on the agent container that lists capabilities. */
export const CAPABILITIES_ENV = 'SELDON_SERVER_CAPABILITIES';

/**
 * Problems with a list of capabilities as a user writes it. The operator joins the list with
 * commas and the agent splits it again and trims each item, so a comma or surrounding blank
 * silently changes what is advertised.
 */
export function capabilityListProblems(list: readonly string[]): string[] {
  const problems: string[] = [];
  if (list.length === 0) {
    problems.push('is an empty list; leave it unset instead');
  }
  const seen = new Set<string>();
  for (const capability of list) {
    if (typeof capability !== 'string') {
      problems.push(`contains ${JSON.stringify(capability)}, which is not a string`);
      continue;
    }
    if (capability.trim() === '') {
      problems.push(`contains a blank capability ${JSON.stringify(capability)}`);
      continue;
    }
    if (capability !== capability.trim()) {
      problems.push(`contains ${JSON.stringify(capability)} with surrounding whitespace, which the agent trims away; write ${JSON.stringify(capability.trim())}`);
    }
    if (capability.includes(',')) {
      problems.push(`contains ${JSON.stringify(capability)}: Seldon joins capabilities with commas, so it would advertise ${capability.split(',').map(c => JSON.stringify(c.trim())).join(' and ')}; list them separately`);
    }
    if (seen.has(capability)) {
      problems.push(`lists ${JSON.stringify(capability)} twice`);
    }
    seen.add(capability);
  }
  return problems;
}

/**
 * Splits a `SELDON_SERVER_CAPABILITIES` value the way the agent does: on commas, trimming each item.
 */
export function splitCapabilities(value: string): string[] {
  return value.split(',').map(c => c.trim());
}

/**
 * What the agent of a Server advertises, given its ServerConfig's list (`undefined` when the
 * ServerConfig's agent has no capabilities variable, in which case Seldon ignores both Server
 * fields) and the Server's fields.
 */
export function effectiveCapabilities(
  serverConfigCapabilities: readonly string[] | undefined,
  capabilities: readonly string[] | undefined,
  extraCapabilities: readonly string[] | undefined,
): string[] {
  if (serverConfigCapabilities === undefined) {
    return [...AGENT_FALLBACK_CAPABILITIES];
  }
  if (capabilities && capabilities.length > 0) {
    return capabilities.map(c => c.trim());
  }
  return [...serverConfigCapabilities, ...(extraCapabilities ?? []).map(c => c.trim())];
}

/** A problem with one of a Server's capability fields. */
export interface CapabilityFieldProblem {
  readonly field: 'capabilities' | 'extraCapabilities';
  readonly message: string;
}

/**
 * Problems with a Server's `capabilities` / `extraCapabilities` on a ServerConfig whose agent
 * advertises `serverConfigCapabilities` (`undefined` when it has no capabilities variable).
 */
export function serverCapabilityProblem(
  serverConfigName: string,
  serverConfigCapabilities: readonly string[] | undefined,
  capabilities: readonly string[] | undefined,
  extraCapabilities: readonly string[] | undefined,
): CapabilityFieldProblem | undefined {
  if (capabilities && extraCapabilities) {
    return {
      field: 'extraCapabilities',
      message: 'is set together with `capabilities`. Seldon then ignores `extraCapabilities` silently. '
        + 'Put every capability the server should advertise in `capabilities`.',
    };
  }
  const fields = [['capabilities', capabilities], ['extraCapabilities', extraCapabilities]] as const;
  for (const [field, list] of fields) {
    if (list === undefined) {
      continue;
    }
    const problems = capabilityListProblems(list);
    if (problems.length > 0) {
      return { field, message: `${problems.join('; ')}.` };
    }
    if (serverConfigCapabilities === undefined) {
      return {
        field,
        message: `is set, but ServerConfig "${serverConfigName}" has no ${CAPABILITIES_ENV} on its agent, `
          + `so Seldon ignores it and the agent advertises ${AGENT_FALLBACK_CAPABILITIES.join(',')}. Add the variable to the ServerConfig.`,
      };
    }
  }
  for (const capability of extraCapabilities ?? []) {
    if (serverConfigCapabilities?.includes(capability)) {
      return { field: 'extraCapabilities', message: `adds ${JSON.stringify(capability)}, which ServerConfig "${serverConfigName}" already advertises. Remove it.` };
    }
  }
  return undefined;
}
