/**
 * Reads Seldon's upstream sample manifests, the oracle the examples are compared with.
 * They live in $SELDON_SAMPLES_DIR (default: ../shared/seldon/samples) and are never copied into
 * the repository. Missing samples skip the comparison with a loud warning, unless
 * SELDON_CRDS_REQUIRED=1 (as in .ci/run), which makes them required too.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';

export const SAMPLES_DIR = path.resolve(process.env.SELDON_SAMPLES_DIR ?? path.join(__dirname, '..', '..', '..', 'shared', 'seldon', 'samples'));
const REQUIRED = process.env.SELDON_CRDS_REQUIRED === '1' || process.env.SELDON_CRDS_REQUIRED === 'true';

/** The documents of one sample file, or undefined (after a loud warning) when samples are absent. */
export function sample(relative: string): any[] | undefined {
  const file = path.join(SAMPLES_DIR, relative);
  if (!fs.existsSync(file)) {
    const message = `Seldon sample ${file} not found (set SELDON_SAMPLES_DIR).`;
    if (REQUIRED) {
      throw new Error(`${message} SELDON_CRDS_REQUIRED is set, so the comparison cannot be skipped.`);
    }
    // eslint-disable-next-line no-console
    console.warn(`!!!! ${message} THE COMPARISON WITH THE UPSTREAM SAMPLE IS SKIPPED in this run. CI requires it.`);
    return undefined;
  }
  return YAML.parseAllDocuments(fs.readFileSync(file, 'utf-8')).map(d => d.toJSON()).filter(d => d !== null);
}
