/**
 * How Seldon's agent reads a Model's `storageUri` and `secretName`: the URI is an rclone source,
 * and a secret supplies the configuration of the URI's remote.
 */

/** What a storage URI points at, as rclone and Seldon's agent parse it. */
export type ParsedStorageUri =
  /** `<remote>:<path>`: a named rclone remote. */
  | { readonly kind: 'remote'; readonly remote: string; readonly path: string }
  /** `:<backend>[,<option>=<value>…]:<path>`: an rclone connection string with its configuration inline. */
  | { readonly kind: 'inline'; readonly path: string }
  /** A path on the rclone container's own filesystem. */
  | { readonly kind: 'local'; readonly path: string };

/**
 * An rclone remote name: letters, digits, `_`, `.`, `+`, `@`, `-` and spaces, not starting with
 * `-` or a space and not ending with a space.
 */
const REMOTE_NAME = /^[\p{L}\p{N}_.+@]([\p{L}\p{N}_.+@ -]*[\p{L}\p{N}_.+@-])?$/u;

/** How an rclone remote name is made, for messages. */
export const REMOTE_NAME_RULE = 'letters, digits, "_", ".", "+", "@", "-" and spaces, not starting with "-" or a space';

/**
 * Splits a storage URI the way rclone does: text before the first `:` is a remote name unless it
 * contains a `/` (then the whole URI is a local path); a leading `:` starts a connection string.
 */
export function parseStorageUri(uri: string): ParsedStorageUri {
  const colon = uri.indexOf(':');
  if (colon === 0) {
    return { kind: 'inline', path: uri };
  }
  const prefix = colon > 0 ? uri.slice(0, colon) : undefined;
  if (prefix !== undefined && !prefix.includes('/')) {
    return { kind: 'remote', remote: prefix, path: uri.slice(colon + 1) };
  }
  return { kind: 'local', path: uri };
}

/** Whether a string is a valid rclone remote name. */
export function isRemoteName(name: string): boolean {
  return REMOTE_NAME.test(name);
}

/**
 * Problems with a storage URI, whether or not the model names a secret. Returns `undefined`
 * when Seldon can use it.
 */
export function storageUriProblem(uri: string, withSecret: boolean): string | undefined {
  if (typeof uri !== 'string' || uri.trim() === '') {
    return 'is empty. Seldon accepts the Model but fails to load it; give the location of the model artifacts';
  }
  if (uri !== uri.trim()) {
    return `${JSON.stringify(uri)} has surrounding whitespace, which rclone keeps as part of the path; write ${JSON.stringify(uri.trim())}`;
  }
  const parsed = parseStorageUri(uri);
  if (parsed.kind === 'remote' && parsed.remote === 'pvc') {
    return `is ${JSON.stringify(uri)}, but Seldon has no pvc:// storage (rclone would look for a remote named "pvc"). `
      + 'Mount the claim with a PvcServer and use its modelUri(path), or let pvcServer.addModel() set the URI';
  }
  if (parsed.kind === 'remote' && !isRemoteName(parsed.remote)) {
    return `${JSON.stringify(uri)} starts with ${JSON.stringify(parsed.remote + ':')}, which is not an rclone remote name `
      + `(${REMOTE_NAME_RULE})`;
  }
  if (parsed.kind === 'remote' && !withSecret && (parsed.remote === 'http' || parsed.remote === 'https')) {
    return `is ${JSON.stringify(uri)}, but rclone reads "<remote>:<path>" and no remote is named "${parsed.remote}". `
      + 'For files on a web server, define an rclone remote of type http in a secret (e.g. named "web", with the server\'s url) '
      + 'and write "web:<path>"';
  }
  if (parsed.kind === 'local' && !uri.startsWith('/')) {
    return `${JSON.stringify(uri)} is neither "<remote>:<path>" nor an absolute path; rclone would resolve it against its working directory. `
      + 'Write the remote (e.g. "gs://bucket/path") or an absolute path mounted into the rclone container';
  }
  if (withSecret && parsed.kind === 'local') {
    return `${JSON.stringify(uri)} is a local path, but \`secret\` is set: Seldon's agent then looks for "<remote>:" in the URI and fails to load the model. `
      + 'Drop `secret`, or write the URI as "<remote>:<path>" with the remote the secret configures';
  }
  if (withSecret && parsed.kind === 'inline') {
    return `${JSON.stringify(uri)} carries its rclone configuration inline, which Seldon refuses together with \`secret\`. `
      + 'Write "<remote>:<path>" with the remote the secret configures, or drop `secret`';
  }
  return undefined;
}

/**
 * The remote name an rclone configuration (the value stored in a model's secret, JSON or YAML
 * with `name`, `type` and `parameters`) defines, or `undefined` when none can be found.
 */
export function rcloneConfigName(config: string): string | undefined {
  const trimmed = config.trim();
  if (trimmed.startsWith('{')) {
    try {
      const parsed = JSON.parse(trimmed);
      return typeof parsed?.name === 'string' ? parsed.name : undefined;
    } catch {
      // YAML flow style: `{name: s3, type: s3, …}`
      const flow = /[{,]\s*["']?name["']?\s*:\s*("[^"]*"|'[^']*'|[^,}]*)/.exec(trimmed);
      return flow ? unquote(flow[1]) : undefined;
    }
  }
  const block = /^["']?name["']?[ \t]*:[ \t]*(.*?)[ \t]*(#.*)?$/m.exec(config);
  return block ? unquote(block[1]) : undefined;
}

function unquote(value: string): string {
  const v = value.trim();
  return (v.startsWith('"') && v.endsWith('"')) || (v.startsWith('\'') && v.endsWith('\'')) ? v.slice(1, -1) : v;
}

/**
 * Problems with the content of a model's secret (its keys and decoded values) for a URI with the
 * given remote. Seldon's agent reads one key holding one rclone configuration whose `name` must be
 * the URI's remote.
 */
export function secretContentProblem(entries: ReadonlyArray<readonly [string, string]>, remote: string): string | undefined {
  if (entries.length === 0) {
    return 'has no data. It must hold one key whose value is the rclone configuration (name, type, parameters) of remote '
      + `${JSON.stringify(remote)}`;
  }
  if (entries.length > 1) {
    return `has ${entries.length} keys (${entries.map(([k]) => k).join(', ')}); Seldon's agent reads a single rclone configuration `
      + 'and would pick one of them at random. Keep one key per secret';
  }
  const [key, value] = entries[0];
  const name = rcloneConfigName(value);
  if (name === undefined) {
    return `key ${JSON.stringify(key)} does not hold an rclone configuration with a \`name\` (JSON or YAML with name, type and parameters)`;
  }
  if (name !== remote) {
    return `configures rclone remote ${JSON.stringify(name)}, but the storage URI uses remote ${JSON.stringify(remote)}; `
      + `Seldon fails the load with "name from URI does not match secret". Use "${name}:<path>" or rename the remote in the secret`;
  }
  return undefined;
}
