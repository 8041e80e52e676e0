import { IAnyProducer } from 'cdk8s';

/**
 * Produces a construct's `spec` when its ApiObject is resolved (`Lazy.any(new SpecProducer(this))`).
 * One small object per construct rather than a closure each keeps memory, and cdk8s's walks over
 * the tree, lighter.
 */
export class SpecProducer implements IAnyProducer {
  constructor(private readonly owner: { _toSpec(): any }) {}

  public produce(): any {
    return this.owner._toSpec();
  }
}
