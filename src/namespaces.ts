import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';

/** The namespace of a resource synthesized in this app (its `Resource` child), if it has one. */
export function namespaceOf(resource: IConstruct): string | undefined {
  const child = resource.node.defaultChild;
  return child !== undefined && ApiObject.isApiObject(child) ? child.metadata.namespace : undefined;
}

/** `namespace "x"`, or a phrase for the unset namespace. */
export function namespaceLabel(namespace: string | undefined): string {
  return namespace === undefined ? 'the namespace kubectl applies to (none set)' : `namespace "${namespace}"`;
}
