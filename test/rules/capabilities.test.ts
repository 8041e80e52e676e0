import { capabilityListProblems, effectiveCapabilities, splitCapabilities } from '../../src/rules/capabilities';
import { closestMatch, didYouMean } from '../../src/rules/similar';

describe('capability lists', () => {
  test('a clean list has no problems', () => {
    expect(capabilityListProblems(['sklearn', 'mlserver-1.3.4'])).toEqual([]);
  });

  test('each way a list goes wrong is named', () => {
    expect(capabilityListProblems([])).toEqual(['is an empty list; leave it unset instead']);
    expect(capabilityListProblems(['  '])).toEqual(['contains a blank capability "  "']);
    expect(capabilityListProblems([' gpu'])).toEqual(['contains " gpu" with surrounding whitespace, which the agent trims away; write "gpu"']);
    expect(capabilityListProblems(['a,b'])).toEqual(['contains "a,b": Seldon joins capabilities with commas, so it would advertise "a" and "b"; list them separately']);
    expect(capabilityListProblems(['gpu', 'gpu'])).toEqual(['lists "gpu" twice']);
    expect(capabilityListProblems([7 as any])).toEqual(['contains 7, which is not a string']);
  });

  test('the agent splits and trims', () => {
    expect(splitCapabilities('sklearn, xgboost ,gpu')).toEqual(['sklearn', 'xgboost', 'gpu']);
  });

  test('capabilities replace, extra capabilities extend', () => {
    expect(effectiveCapabilities(['a', 'b'], ['c'], undefined)).toEqual(['c']);
    expect(effectiveCapabilities(['a', 'b'], undefined, ['c'])).toEqual(['a', 'b', 'c']);
    expect(effectiveCapabilities(['a', 'b'], [], ['c'])).toEqual(['a', 'b', 'c']);
    expect(effectiveCapabilities(['a'], undefined, undefined)).toEqual(['a']);
  });

  test('without the capabilities variable Seldon ignores both fields', () => {
    expect(effectiveCapabilities(undefined, ['c'], ['d'])).toEqual(['sklearn', 'xgboost']);
  });
});

describe('did you mean', () => {
  test('one close candidate is suggested', () => {
    expect(closestMatch('mlsever', ['rclone', 'agent', 'mlserver'])).toBe('mlserver');
    expect(closestMatch('SKLEARN', ['sklearn', 'xgboost'])).toBe('sklearn');
    expect(didYouMean('tensorflw', ['tensorflow', 'pytorch'])).toBe(' Did you mean "tensorflow"?');
    expect(closestMatch('cahce', ['cache', 'config-volume'])).toBe('cache');
  });

  test('nothing is suggested when nothing is close or two are equally close', () => {
    expect(closestMatch('foobar', ['sklearn', 'xgboost'])).toBeUndefined();
    expect(closestMatch('ab', ['ac', 'ad'])).toBeUndefined();
    expect(didYouMean('foobar', ['sklearn'])).toBe('');
  });
});
