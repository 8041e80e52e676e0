import { parseStorageUri, rcloneConfigName, secretContentProblem, storageUriProblem } from '../../src/rules/storage-uri';

describe('parseStorageUri', () => {
  test.each([
    ['gs://seldon-models/iris', { kind: 'remote', remote: 'gs', path: '//seldon-models/iris' }],
    ['s3://models/iris', { kind: 'remote', remote: 's3', path: '//models/iris' }],
    ['minio:models/iris', { kind: 'remote', remote: 'minio', path: 'models/iris' }],
    ['/var/models/iris', { kind: 'local', path: '/var/models/iris' }],
    ['/var/models/a:b', { kind: 'local', path: '/var/models/a:b' }],
    [':s3,provider=AWS:bucket/iris', { kind: 'inline', path: ':s3,provider=AWS:bucket/iris' }],
  ])('%s', (uri, expected) => {
    expect(parseStorageUri(uri)).toEqual(expected);
  });
});

describe('storageUriProblem', () => {
  test.each([
    ['gs://seldon-models/iris', false],
    ['s3://models/iris', true],
    ['/var/models/iris', false],
    [':s3,provider=AWS:bucket/iris', false],
    ['my remote:bucket/iris', false],
    ['https://example.com/iris.tgz', true],
  ])('accepts %s (secret: %s)', (uri, withSecret) => {
    expect(storageUriProblem(uri, withSecret)).toBeUndefined();
  });

  test.each([
    ['', false, /^is empty\. Seldon accepts the Model but fails to load it/],
    ['  ', false, /^is empty/],
    [' gs://a/b', false, /has surrounding whitespace, which rclone keeps as part of the path; write "gs:\/\/a\/b"$/],
    ['pvc://ml-models-pvc/iris', false, /Seldon has no pvc:\/\/ storage .* Mount the claim with a PvcServer/],
    ['-bad:path', false, /starts with "-bad:", which is not an rclone remote name/],
    ['models/iris', false, /is neither "<remote>:<path>" nor an absolute path/],
    ['https://example.com/iris.tgz', false, /^is "https:\/\/example.com\/iris.tgz", but rclone reads "<remote>:<path>" and no remote is named "https"\. For files on a web server, define an rclone remote of type http/],
    ['/var/models/iris', true, /is a local path, but `secret` is set: Seldon's agent then looks for "<remote>:" in the URI/],
    [':s3,provider=AWS:bucket/iris', true, /carries its rclone configuration inline, which Seldon refuses together with `secret`/],
  ])('refuses %j (secret: %s)', (uri, withSecret, message) => {
    expect(storageUriProblem(uri, withSecret)).toMatch(message);
  });
});

describe('rcloneConfigName', () => {
  test.each([
    ['JSON', '{"name": "s3", "type": "s3", "parameters": {}}', 's3'],
    ['YAML block', 'type: s3\nname: minio\nparameters:\n  provider: minio\n', 'minio'],
    ['YAML block, quoted, with a comment', 'type: s3\nname: "gs"  # the remote\n', 'gs'],
    ['YAML flow', '{name: s3, type: s3, parameters: {provider: minio}}', 's3'],
    ['nested name only', 'type: s3\nparameters:\n  name: nested\n', undefined],
    ['JSON without a name', '{"type": "s3"}', undefined],
    ['not a configuration', 'hello', undefined],
  ])('%s', (_name, config, expected) => {
    expect(rcloneConfigName(config)).toBe(expected);
  });
});

describe('secretContentProblem', () => {
  const s3 = 'type: s3\nname: s3\nparameters:\n  provider: minio\n';

  test('accepts one key whose configuration names the remote', () => {
    expect(secretContentProblem([['s3', s3]], 's3')).toBeUndefined();
  });

  test.each([
    [[], /^has no data\. It must hold one key/],
    [[['a', s3], ['b', s3]], /^has 2 keys \(a, b\); Seldon's agent reads a single rclone configuration/],
    [[['s3', 'type: s3\n']], /^key "s3" does not hold an rclone configuration with a `name`/],
    [[['s3', s3.replace('name: s3', 'name: minio')]], /^configures rclone remote "minio", but the storage URI uses remote "s3"; .*"name from URI does not match secret"/],
  ])('refuses %j', (entries, message) => {
    expect(secretContentProblem(entries as Array<[string, string]>, 's3')).toMatch(message);
  });
});
