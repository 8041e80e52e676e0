/**
 * The facts behind the opt-in policy pack (`SeldonPolicies`), as pure functions: whether an image
 * reference is pinned, which credentials a storage URI carries inline, which container resources
 * are GPUs, and which memory settings a container lacks.
 */
import { parseQuantity } from './quantity';

/** A JSON object as it appears in a manifest. */
type JsonObject = { [key: string]: any };

/** Digests a registry accepts: sha256 (64 hex digits) or sha512 (128). */
const DIGEST = /^(sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/;

/**
 * Why an image reference is not pinned (a sentence about "it"), or `undefined` when it is: a digest
 * (`@sha256:…`) pins it whatever the tag; otherwise it needs a tag other than `latest` (in any
 * case). A registry port (`registry:5000/image`) is not a tag.
 */
export function imagePinProblem(image: string): string | undefined {
  const at = image.indexOf('@');
  if (at >= 0) {
    const digest = image.slice(at + 1);
    return DIGEST.test(digest) ? undefined
      : `its digest ${JSON.stringify(digest)} is not a sha256 (64 lowercase hex digits) or sha512 (128) digest`;
  }
  const tag = imageTag(image);
  if (tag === undefined) {
    return 'it has no tag, so the registry serves whatever "latest" points to when a pod starts';
  }
  if (tag === '') {
    return 'its tag is empty';
  }
  if (tag.toLowerCase() === 'latest') {
    return `it is tagged ${JSON.stringify(tag)}, which moves with every release, so pods started on different days can run different builds`;
  }
  return undefined;
}

/** An image reference without its tag and digest: `registry:5000/team/image`. */
export function imageRepository(image: string): string {
  const at = image.indexOf('@');
  const name = at >= 0 ? image.slice(0, at) : image;
  const tag = imageTag(name);
  return tag === undefined ? name : name.slice(0, name.length - tag.length - 1);
}

/** The tag of an image reference without digest, or undefined when it has none. */
function imageTag(name: string): string | undefined {
  const lastComponent = name.slice(name.lastIndexOf('/') + 1);
  const colon = lastComponent.lastIndexOf(':');
  return colon < 0 ? undefined : lastComponent.slice(colon + 1);
}

/** Words in an rclone parameter name that mark it as a credential. */
const CREDENTIAL_WORDS = new Set(['key', 'secret', 'password', 'pass', 'token', 'credentials', 'sas']);

/** Last words of parameter names that hold where a credential is, not the credential itself. */
const REFERENCE_WORDS = new Set(['file', 'path', 'command']);

/**
 * Whether an rclone parameter (of a connection string) holds a credential: its name has one of
 * the words key, secret, password, pass, token, credentials or sas (`access_key_id`,
 * `secret_access_key`, `session_token`, `account_key`, `sas_url`, `pass`…), it does not name a
 * file or a command (`key_file`, `password_command`), and its value is not a boolean flag.
 */
export function isCredentialParameter(name: string, value: string | undefined): boolean {
  const words = name.toLowerCase().split(/[_-]/);
  if (REFERENCE_WORDS.has(words[words.length - 1])) {
    return false;
  }
  if (value === undefined || /^(true|false)$/i.test(value.trim())) {
    return false;
  }
  return words.some(w => CREDENTIAL_WORDS.has(w));
}

/** Credentials a storage URI carries inline. */
export interface InlineCredentials {
  /** What carries them: parameter names of the connection string, and/or "user:password@". */
  readonly where: string[];
  /** The URI with every credential replaced by `***`, safe to print. */
  readonly redacted: string;
  /**
   * For a connection string (`:backend,…:path`), the same location through a named remote:
   * `backend:path`.
   */
  readonly remoteForm?: string;
}

/** Matches `//user:password@` (user possibly empty) in a URL. */
const USERINFO = /(\/\/[^/?#@\s:]*):([^/?#@\s]+)@/;

/**
 * The credentials a storage URI carries inline, or `undefined` when it carries none: parameters of
 * an rclone connection string (`:s3,access_key_id=…,secret_access_key=…:bucket/path`) that hold a
 * credential, and passwords in URLs (`https://user:password@host/…`, also inside a parameter).
 */
export function inlineCredentials(uri: string): InlineCredentials | undefined {
  const where: string[] = [];
  let redacted = uri;
  let remoteForm: string | undefined;
  if (uri.startsWith(':')) {
    const { segments, rest } = splitConnectionString(uri);
    const [backend, ...parameters] = segments;
    const kept = parameters.map(raw => {
      const eq = raw.indexOf('=');
      const name = eq < 0 ? raw : raw.slice(0, eq);
      const value = eq < 0 ? undefined : unquote(raw.slice(eq + 1));
      if (isCredentialParameter(name, value)) {
        where.push(name);
        return `${name}=***`;
      }
      return raw;
    });
    redacted = `:${[backend, ...kept].join(',')}${rest}`;
    remoteForm = `${backend}${rest}`;
  }
  if (USERINFO.test(redacted)) {
    where.push('a password in "user:password@"');
  }
  if (where.length === 0) {
    return undefined;
  }
  return { where, redacted: redacted.replace(new RegExp(USERINFO.source, 'g'), '$1:***@'), remoteForm };
}

/**
 * Splits an rclone connection string `:backend,name=value,…:path` into its comma-separated
 * segments (backend first) and the rest (`:path`). Values may be quoted with `"` or `'` (a doubled
 * quote stands for itself), to hold commas and colons.
 */
function splitConnectionString(uri: string): { segments: string[]; rest: string } {
  const segments: string[] = [];
  let current = '';
  let quote: string | undefined;
  let i = 1;
  for (; i < uri.length; i++) {
    const ch = uri[i];
    if (quote !== undefined) {
      current += ch;
      if (ch === quote) {
        if (uri[i + 1] === quote) {
          current += quote;
          i++;
        } else {
          quote = undefined;
        }
      }
    } else if (ch === '"' || ch === '\'') {
      quote = ch;
      current += ch;
    } else if (ch === ',') {
      segments.push(current);
      current = '';
    } else if (ch === ':') {
      break;
    } else {
      current += ch;
    }
  }
  segments.push(current);
  return { segments, rest: uri.slice(i) };
}

function unquote(value: string): string {
  const q = value[0];
  return (q === '"' || q === '\'') && value.length >= 2 && value.endsWith(q) ? value.slice(1, -1).split(q + q).join(q) : value;
}

/**
 * Whether a container resource name is a GPU: NVIDIA's `nvidia.com/gpu` and MIG slices
 * (`nvidia.com/mig-1g.5gb`), AMD's `amd.com/gpu`, Intel's `gpu.intel.com/*`.
 */
export function isGpuResource(name: string): boolean {
  return /^(nvidia\.com\/(gpu|mig-.+)|amd\.com\/gpu|gpu\.intel\.com\/.+)$/.test(name);
}

/**
 * The GPU resources a container asks for (requests or limits above zero; Kubernetes takes the
 * request of an extended resource from its limit), as `name: amount`, in name order.
 */
export function gpuResources(requests: JsonObject | undefined, limits: JsonObject | undefined): string[] {
  const found = new Map<string, string>();
  for (const map of [limits, requests]) {
    for (const [name, amount] of Object.entries(map ?? {})) {
      if (isGpuResource(name) && (parseQuantity(String(amount)) ?? 0) > 0) {
        found.set(name, `${name}: ${amount}`);
      }
    }
  }
  return [...found.keys()].sort().map(name => found.get(name)!);
}

/**
 * Which of a memory request and a memory limit a container lacks: `[]`, `['request']`,
 * `['limit']` or `['request', 'limit']`.
 */
export function missingMemory(requests: JsonObject | undefined, limits: JsonObject | undefined): Array<'request' | 'limit'> {
  const missing: Array<'request' | 'limit'> = [];
  if (requests?.memory === undefined) missing.push('request');
  if (limits?.memory === undefined) missing.push('limit');
  return missing;
}
