import { gpuResources, imagePinProblem, imageRepository, inlineCredentials, isCredentialParameter, isGpuResource, missingMemory } from '../../src/rules/policies';

const SHA256 = `sha256:${'a'.repeat(64)}`;
const SHA512 = `sha512:${'0'.repeat(128)}`;

describe('imagePinProblem', () => {
  test.each([
    'seldonio/mlserver:1.7.1',
    'docker.io/seldonio/seldon-agent:2.9.1',
    'registry.example.com:5000/team/mlserver:1.7.1',
    'localhost:5000/mlserver:v2',
    `seldonio/mlserver@${SHA256}`,
    `seldonio/mlserver:latest@${SHA256}`,
    `registry:5000/mlserver@${SHA512}`,
    'mlserver:1.7.1-latest',
  ])('%s is pinned', image => {
    expect(imagePinProblem(image)).toBeUndefined();
  });

  test.each([
    ['seldonio/mlserver', /^it has no tag, so the registry serves whatever "latest" points to when a pod starts$/],
    ['registry:5000/mlserver', /^it has no tag/],
    ['seldonio/mlserver:latest', /^it is tagged "latest", which moves with every release, so pods started on different days can run different builds$/],
    ['seldonio/mlserver:LATEST', /^it is tagged "LATEST"/],
    ['registry:5000/mlserver:latest', /^it is tagged "latest"/],
    ['seldonio/mlserver:', /^its tag is empty$/],
    ['seldonio/mlserver@sha256:abc', /^its digest "sha256:abc" is not a sha256 \(64 lowercase hex digits\) or sha512 \(128\) digest$/],
    [`seldonio/mlserver@${SHA256.toUpperCase()}`, /^its digest "SHA256:A+" is not a sha256/],
    ['seldonio/mlserver@md5:0123456789abcdef0123456789abcdef', /^its digest "md5:/],
  ])('%s is not pinned', (image, problem) => {
    expect(imagePinProblem(image)).toMatch(problem);
  });
});

describe('imageRepository', () => {
  test.each([
    ['seldonio/mlserver:1.7.1', 'seldonio/mlserver'],
    ['seldonio/mlserver', 'seldonio/mlserver'],
    ['registry:5000/team/mlserver', 'registry:5000/team/mlserver'],
    ['registry:5000/team/mlserver:latest', 'registry:5000/team/mlserver'],
    [`seldonio/mlserver:1.7.1@${SHA256}`, 'seldonio/mlserver'],
    ['seldonio/mlserver@sha256:abc', 'seldonio/mlserver'],
  ])('%s -> %s', (image, repository) => {
    expect(imageRepository(image)).toBe(repository);
  });
});

describe('isCredentialParameter', () => {
  test.each([
    'access_key_id', 'secret_access_key', 'session_token', 'account_key', 'key', 'sas_url', 'pass', 'password',
    'client_secret', 'service_account_credentials', 'token', 'api_key', 'sse_customer_key', 'bearer_token',
  ])('%s holds a credential', name => {
    expect(isCredentialParameter(name, 'x')).toBe(true);
  });

  test.each([
    ['provider', 'AWS'], ['endpoint', 'http://minio:9000'], ['env_auth', 'x'], ['region', 'eu-west-1'],
    ['key_file', '/etc/key.pem'], ['service_account_file', '/var/sa.json'], ['password_command', 'cat /p'],
    ['key_use_agent', 'true'], ['anonymous', 'TRUE'],
  ])('%s=%s holds none', (name, value) => {
    expect(isCredentialParameter(name, value)).toBe(false);
  });

  test('a parameter without a value is a flag', () => {
    expect(isCredentialParameter('secret', undefined)).toBe(false);
  });
});

describe('inlineCredentials', () => {
  test.each([
    'gs://seldon-models/iris',
    's3://models/iris',
    '/var/models/iris',
    ':s3,provider=AWS,env_auth=true:bucket/iris',
    ':http,url=https://example.com:models/iris',
    ':s3,provider=AWS:bucket/iris',
    'web://user@example.com/iris',
  ])('%s carries none', uri => {
    expect(inlineCredentials(uri)).toBeUndefined();
  });

  test('parameters of a connection string, redacted, and the same location through a named remote', () => {
    expect(inlineCredentials(':s3,provider=AWS,access_key_id=AKIAEXAMPLE,secret_access_key=abc/def:bucket/iris')).toEqual({
      where: ['access_key_id', 'secret_access_key'],
      redacted: ':s3,provider=AWS,access_key_id=***,secret_access_key=***:bucket/iris',
      remoteForm: 's3:bucket/iris',
    });
  });

  test('quoted values may hold commas, colons and doubled quotes', () => {
    expect(inlineCredentials(':azureblob,account=acct,key="a,b:c""d",sas_url=\'https://x\':container/model')).toEqual({
      where: ['key', 'sas_url'],
      redacted: ':azureblob,account=acct,key=***,sas_url=***:container/model',
      remoteForm: 'azureblob:container/model',
    });
  });

  test('a password in a URL, also inside a parameter', () => {
    expect(inlineCredentials('https://alice:s3cret@example.com/models/iris')).toEqual({
      where: ['a password in "user:password@"'],
      redacted: 'https://alice:***@example.com/models/iris',
      remoteForm: undefined,
    });
    expect(inlineCredentials(':http,url="https://:tok@example.com":models/iris')).toEqual({
      where: ['a password in "user:password@"'],
      redacted: ':http,url="https://:***@example.com":models/iris',
      remoteForm: 'http:models/iris',
    });
  });

  test('a parameter without a value is kept as it is', () => {
    expect(inlineCredentials(':s3,env_auth,secret_access_key=x:b/p')?.redacted).toBe(':s3,env_auth,secret_access_key=***:b/p');
  });

  test('a connection string with nothing after its parameters', () => {
    expect(inlineCredentials(':s3,secret_access_key=x')).toEqual({
      where: ['secret_access_key'],
      redacted: ':s3,secret_access_key=***',
      remoteForm: 's3',
    });
  });
});

describe('GPU resources', () => {
  test.each(['nvidia.com/gpu', 'nvidia.com/mig-1g.5gb', 'amd.com/gpu', 'gpu.intel.com/i915'])('%s is a GPU', name => {
    expect(isGpuResource(name)).toBe(true);
  });

  test.each(['cpu', 'memory', 'nvidia.com/gpux', 'example.com/gpu', 'ephemeral-storage'])('%s is not', name => {
    expect(isGpuResource(name)).toBe(false);
  });

  test('requests or limits above zero, each resource once, in name order', () => {
    expect(gpuResources({ 'nvidia.com/gpu': 1, 'cpu': '4' }, { 'nvidia.com/gpu': 1 })).toEqual(['nvidia.com/gpu: 1']);
    expect(gpuResources(undefined, { 'nvidia.com/gpu': '2', 'amd.com/gpu': 1 })).toEqual(['amd.com/gpu: 1', 'nvidia.com/gpu: 2']);
    expect(gpuResources({ 'nvidia.com/gpu': 0 }, { 'nvidia.com/gpu': '0' })).toEqual([]);
    expect(gpuResources(undefined, undefined)).toEqual([]);
    expect(gpuResources({ 'nvidia.com/gpu': 'many' }, undefined)).toEqual([]);
  });
});

describe('missingMemory', () => {
  test.each([
    [{ memory: '1Gi' }, { memory: '1Gi' }, []],
    [{ memory: '1Gi' }, {}, ['limit']],
    [undefined, { memory: '1Gi' }, ['request']],
    [{ cpu: '1' }, undefined, ['request', 'limit']],
  ])('%j / %j lacks %j', (requests, limits, missing) => {
    expect(missingMemory(requests, limits)).toEqual(missing);
  });
});
