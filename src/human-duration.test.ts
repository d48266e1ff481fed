import { expect, it } from 'vitest';
import { humanDuration } from './human-duration.js';

it.each([
  [7200, '2 hours'],
  [1800, '30 minutes'],
  [3600 + 60, '1 hour and 1 minute'],
  [86_400 + 6 * 3600 + 59, '1 day and 6 hours'],
  [0, '0 seconds'],
])('reads %i seconds as "%s"', (seconds, text) => {
  expect(humanDuration(seconds)).toBe(text);
});
