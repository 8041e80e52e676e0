import { IConstruct } from 'constructs';

/**
 * How a construct is named in error messages: its class, its Seldon name when it has one, and its
 * construct path, so a message in a CI log leads straight to the line that made the object.
 */
export function describeConstruct(scope: IConstruct, seldonName?: string): string {
  return describeAt(scope.constructor.name, scope.node.path, seldonName);
}

/** `describeConstruct` for a construct that is not created yet. */
export function describeAt(kind: string, path: string, seldonName?: string): string {
  return seldonName === undefined ? `${kind} at '${path}'` : `${kind} "${seldonName}" at '${path}'`;
}

/** An error about one prop of one construct. */
export function propError(scope: IConstruct, seldonName: string | undefined, prop: string, problem: string): Error {
  return new Error(`${describeConstruct(scope, seldonName)}: \`${prop}\` ${problem}`);
}
