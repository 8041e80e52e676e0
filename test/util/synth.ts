import { App, Chart, Testing } from 'cdk8s';
import { crdValidator } from './crds';

/**
 * Synthesizes a chart like `cdk8s synth` (validations included) and checks every Seldon manifest
 * against the CRDs. Every test that synthesizes goes through here.
 */
export function synth(subject: Chart): any[] {
  const manifests = Testing.synth(subject);
  expectConformant(manifests);
  return manifests;
}

/** Synthesizes every chart of an app, checking each Seldon manifest against the CRDs. */
export function synthApp(app: App): any[] {
  return app.charts.flatMap(c => synth(c));
}

/** Fails the test when a Seldon manifest breaks its CRD schema. */
export function expectConformant(manifests: any[]): void {
  const validator = crdValidator();
  if (!validator) {
    return;
  }
  const errors = manifests.flatMap(m => validator.errors(m));
  if (errors.length > 0) {
    throw new Error(`Synthesized manifests do not conform to the Seldon CRDs:\n  ${errors.join('\n  ')}`);
  }
}

/** The only manifest of a kind (fails when there are none or several). */
export function only(manifests: any[], kind: string, name?: string): any {
  const found = manifests.filter(m => m.kind === kind && (name === undefined || m.metadata?.name === name));
  if (found.length !== 1) {
    throw new Error(`expected one ${kind}${name ? ` named ${name}` : ''}, found ${found.length}`);
  }
  return found[0];
}

/** A fresh chart in a fresh app. */
export function chart(namespace?: string): Chart {
  return new Chart(Testing.app(), 'test', { namespace });
}
