import { IConstruct } from 'constructs';

/**
 * The link between the constructs and the opt-in policy pack (`SeldonPolicies`), kept free of
 * imports so that Server, ServerConfig and Model can use it without an import cycle.
 */

/** Id of the policy pack's registry: a child of the root of the construct tree, once enabled. */
export const POLICY_REGISTRY_ID = 'cdk8s-seldon.Policies';

/** What the policy pack's registry is told. */
export interface PolicyListener {
  /** A Server, ServerConfig or Model was created, or changed in a way the policy rules read. */
  policyInputChanged(construct: IConstruct): void;
}

/**
 * Tells the policy pack, when it is enabled in the construct tree of `construct`, that a Server,
 * ServerConfig or Model was created or changed (a sidecar or a toleration added). When the pack is
 * off this costs one child lookup on the root.
 */
export function notifyPolicies(construct: IConstruct): void {
  const registry = construct.node.root.node.tryFindChild(POLICY_REGISTRY_ID) as Partial<PolicyListener> | undefined;
  registry?.policyInputChanged?.(construct);
}
