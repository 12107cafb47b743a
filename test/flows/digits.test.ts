import { describe, expect, it } from 'vitest';
import { addKey, hasCompleteEntry, takeEntry } from '../../src/flows/index.js';

// eslint-disable-next-line @typescript-eslint/no-misused-spread -- keys are single ASCII characters
const press = (keys: string, start = { buffer: '', swallowHash: false }) => [...keys].reduce(addKey, start);

describe('digit buffer', () => {
  it('keeps digits and #, drops * and A-D', () => {
    expect(press('1*2A3#D').buffer).toBe('123#');
  });

  it('an entry ends at #', () => {
    const state = press('12#34');
    expect(hasCompleteEntry(state.buffer, 20)).toBe(true);
    expect(takeEntry(state, 20)).toMatchObject({ entry: '12', endedBy: 'hash', buffer: '34' });
  });

  it('a bare # is an empty entry', () => {
    expect(takeEntry(press('#'), 20)).toMatchObject({ entry: '', endedBy: 'hash', buffer: '' });
  });

  it('an entry ends at the 20th digit and the # right after it is swallowed', () => {
    const twenty = '1'.repeat(20);
    expect(hasCompleteEntry(twenty, 20)).toBe(true);
    const taken = takeEntry(press(twenty), 20);
    expect(taken).toMatchObject({ entry: twenty, endedBy: 'length', buffer: '', swallowHash: true });
    expect(press('#', taken).buffer).toBe('');
    expect(press('5', taken).buffer).toBe('5');
    expect(takeEntry(press(`${twenty}#9`), 20)).toMatchObject({ entry: twenty, buffer: '9', swallowHash: false });
  });

  it('a swallow applies only to the very next key', () => {
    const taken = takeEntry(press('1'.repeat(20)), 20);
    expect(press('5#', taken).buffer).toBe('5#');
  });

  it('an incomplete entry is taken whole on timeout', () => {
    expect(hasCompleteEntry('123', 20)).toBe(false);
    expect(takeEntry(press('123'), 20)).toMatchObject({ entry: '123', endedBy: 'timeout', buffer: '' });
  });

  it('typed-ahead entries come out one at a time', () => {
    let state = { ...press('1001#1234#'), entry: '' };
    state = { ...state, ...takeEntry(state, 20) };
    expect(state.entry).toBe('1001');
    expect(takeEntry(state, 20).entry).toBe('1234');
  });
});
