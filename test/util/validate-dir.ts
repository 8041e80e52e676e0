/**
 * Checks every Seldon manifest in the YAML files under a folder against the CRDs.
 * Usage: ts-node test/util/validate-dir.ts <folder>
 */
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { crdValidator } from './crds';

function yamlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? yamlFiles(full) : entry.name.endsWith('.yaml') || entry.name.endsWith('.yml') ? [full] : [];
  }).sort();
}

const dir = process.argv[2];
if (!dir || !fs.existsSync(dir)) {
  console.error(`usage: validate-dir <folder> (got ${dir})`);
  process.exit(2);
}
const validator = crdValidator();
if (validator) {
  let checked = 0;
  const errors: string[] = [];
  for (const file of yamlFiles(dir)) {
    for (const doc of YAML.parseAllDocuments(fs.readFileSync(file, 'utf-8'))) {
      const manifest = doc.toJSON();
      if (validator.covers(manifest)) {
        checked++;
        errors.push(...validator.errors(manifest).map(e => `${file}: ${e}`));
      }
    }
  }
  if (errors.length > 0) {
    console.error(`${errors.length} CRD conformance error(s):\n  ${errors.join('\n  ')}`);
    process.exit(1);
  }
  if (checked === 0) {
    console.error(`no Seldon manifests found under ${dir}`);
    process.exit(1);
  }
  console.log(`${checked} Seldon manifest(s) under ${dir} conform to the CRDs.`);
}
