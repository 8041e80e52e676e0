import { MAX_SERVER_NAME_LENGTH, modelNameProblem, serverNameProblem } from '../../src/rules/names';

describe('server names', () => {
  test.each(['mlserver', 'triton-gpu', 'a', 'mlserver-134', 'a1'])('%s is accepted', name => {
    expect(serverNameProblem(name)).toBeUndefined();
  });

  test.each([
    ['MlServer', /lowercase letter/],
    ['mlserver.name', /lowercase letter/],
    ['1server', /start with a lowercase letter/],
    ['server-', /end with a letter or digit/],
    ['ml_server', /lowercase letter/],
    ['', /is empty/],
  ])('%s is refused', (name, message) => {
    expect(serverNameProblem(name)).toMatch(message);
  });

  test('the length limit leaves room for the StatefulSet revision hash', () => {
    expect(serverNameProblem('a'.repeat(MAX_SERVER_NAME_LENGTH))).toBeUndefined();
    expect(serverNameProblem('a'.repeat(MAX_SERVER_NAME_LENGTH + 1))).toMatch(/53 characters long; Seldon's StatefulSet breaks above 52/);
  });
});

describe('model names', () => {
  test.each(['iris', '1iris', 'income-explainer', 'tfsimple1'])('%s is accepted', name => {
    expect(modelNameProblem(name)).toBeUndefined();
  });

  test.each([
    ['id1_node', /dots and underscores/],
    ['iris.v1', /dots and underscores/],
    ['Iris', /lowercase/],
    ['-iris', /start and end/],
    ['', /is empty/],
    ['a'.repeat(64), /64 characters long; keep it to 63/],
  ])('%s is refused', (name, message) => {
    expect(modelNameProblem(name)).toMatch(message);
  });
});
