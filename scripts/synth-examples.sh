#!/usr/bin/env bash
# Synthesizes every examples/*.ts app with the real cdk8s CLI into dist/examples/<name>/,
# then checks every Seldon manifest written there against the CRDs.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
rm -rf dist/examples
for app in examples/*.ts; do
  name=$(basename "$app" .ts)
  cdk8s synth --no-check-upgrade --app "ts-node --swc --project examples/tsconfig.json $app" --output "dist/examples/$name"
done
ts-node --swc --project test/tsconfig.json test/util/validate-dir.ts dist/examples
