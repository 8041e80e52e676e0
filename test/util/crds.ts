/**
 * Validates synthesized Seldon manifests against the upstream CRD schemas, the way the Kubernetes
 * API server does with strict field validation: every schema keyword checked, int32/int64 ranges
 * enforced, unknown fields rejected.
 *
 * The CRDs are read from $SELDON_CRDS_DIR (default: ../shared/seldon/crds next to the project).
 * They are never copied into the repository. When they are missing, a developer run skips the
 * conformance checks with a loud warning; with SELDON_CRDS_REQUIRED=1 (as in .ci/run) it fails.
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv, { ValidateFunction } from 'ajv';
import * as YAML from 'yaml';

export const CRDS_DIR = path.resolve(process.env.SELDON_CRDS_DIR ?? path.join(__dirname, '..', '..', '..', 'shared', 'seldon', 'crds'));
const REQUIRED = process.env.SELDON_CRDS_REQUIRED === '1' || process.env.SELDON_CRDS_REQUIRED === 'true';

const K8S_KEYWORDS = [
  'x-kubernetes-int-or-string', 'x-kubernetes-list-type', 'x-kubernetes-list-map-keys', 'x-kubernetes-map-type',
  'x-kubernetes-preserve-unknown-fields', 'x-kubernetes-embedded-resource', 'x-kubernetes-validations',
];

/** Adds `additionalProperties: false` wherever a schema lists properties, as strict field validation does. */
function rejectUnknownFields(schema: any): any {
  if (Array.isArray(schema)) {
    return schema.map(rejectUnknownFields);
  }
  if (schema === null || typeof schema !== 'object') {
    return schema;
  }
  const result: any = {};
  for (const [key, value] of Object.entries(schema)) {
    result[key] = key === 'properties'
      ? Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, rejectUnknownFields(v)]))
      : rejectUnknownFields(value);
  }
  if (result.properties && result.additionalProperties === undefined && !result['x-kubernetes-preserve-unknown-fields']) {
    result.additionalProperties = false;
  }
  return result;
}

export class CrdValidator {
  /** A validator over every CRD in the directory, or undefined when the CRDs are absent and not required. */
  public static load(): CrdValidator | undefined {
    if (!fs.existsSync(CRDS_DIR) || fs.readdirSync(CRDS_DIR).filter(f => f.endsWith('.yaml')).length === 0) {
      const message = `Seldon CRDs not found in ${CRDS_DIR} (set SELDON_CRDS_DIR to their folder).`;
      if (REQUIRED) {
        throw new Error(`${message} SELDON_CRDS_REQUIRED is set, so CRD conformance cannot be skipped.`);
      }
      warnOnce(`\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n!! ${message}\n!! CRD CONFORMANCE CHECKS ARE SKIPPED in this run. CI requires them.\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n`);
      return undefined;
    }
    return new CrdValidator(CRDS_DIR);
  }

  private readonly validators = new Map<string, ValidateFunction>();
  private readonly schemas = new Map<string, any>();
  private readonly ajv: Ajv;

  private constructor(dir: string) {
    this.ajv = new Ajv({ strict: true, allErrors: true, strictTypes: false });
    for (const keyword of K8S_KEYWORDS) {
      this.ajv.addKeyword({ keyword, schemaType: ['boolean', 'string', 'array', 'object'] });
    }
    this.ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n <= 2 ** 31 - 1 });
    this.ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
    for (const file of fs.readdirSync(dir).filter(f => f.endsWith('.yaml')).sort()) {
      const crd = YAML.parse(fs.readFileSync(path.join(dir, file), 'utf-8'));
      for (const version of crd.spec.versions) {
        this.schemas.set(`${crd.spec.group}/${version.name}/${crd.spec.names.kind}`, version.schema.openAPIV3Schema);
      }
    }
  }

  /** Whether a manifest is of a kind these CRDs define. */
  public covers(manifest: any): boolean {
    return this.schemas.has(`${manifest?.apiVersion}/${manifest?.kind}`);
  }

  /** The schema errors of one manifest (empty when it conforms); manifests of other kinds are not checked. */
  public errors(manifest: any): string[] {
    const key = `${manifest?.apiVersion}/${manifest?.kind}`;
    const schema = this.schemas.get(key);
    if (!schema) {
      return [];
    }
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile(rejectUnknownFields(schema));
      this.validators.set(key, validate);
    }
    if (validate(manifest)) {
      return [];
    }
    return (validate.errors ?? []).map(e => `${manifest.kind} ${manifest.metadata?.name}: ${e.instancePath || '/'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` (${(e.params as any).additionalProperty})` : ''}`);
  }
}

const warned = new Set<string>();
function warnOnce(message: string): void {
  if (!warned.has(message)) {
    warned.add(message);
    // eslint-disable-next-line no-console
    console.warn(message);
  }
}

let shared: CrdValidator | undefined | null = null;
/** One validator per process (compiling the schemas takes a second). */
export function crdValidator(): CrdValidator | undefined {
  if (shared === null) {
    shared = CrdValidator.load();
  }
  return shared;
}
