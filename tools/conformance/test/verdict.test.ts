import { describe, expect, it } from 'vitest';
import { Behavior, isPass, judgeClose, matchExpected, outcomeOf, type CaseEvent } from '../src/verdict.js';

const facts = { closedByMe: true, wasClean: true, droppedByMe: false, remoteCloseCode: 1000 as number | null, isServer: false };
const expected = { closedByMe: true, closeCode: [1000], requireClean: true };

describe('verdict (case.py)', () => {
  it('fails the close when the wrong endpoint started it', () => {
    expect(judgeClose(expected, { ...facts, closedByMe: false }).behaviorClose).toBe(Behavior.FAILED);
  });

  it('checks cleanliness before the close code', () => {
    expect(judgeClose(expected, { ...facts, wasClean: false, remoteCloseCode: 1002 }).behaviorClose).toBe(Behavior.UNCLEAN);
    expect(judgeClose(expected, { ...facts, remoteCloseCode: 1002 }).behaviorClose).toBe(Behavior.WRONG_CODE);
  });

  it('accepts an empty close code', () => {
    expect(judgeClose(expected, { ...facts, remoteCloseCode: null }).behaviorClose).toBe(Behavior.OK);
  });

  it('blames a fuzzing client that had to drop TCP itself, but not a fuzzing server', () => {
    expect(judgeClose(expected, { ...facts, droppedByMe: true }).behaviorClose).toBe(Behavior.FAILED_BY_CLIENT);
    expect(judgeClose(expected, { ...facts, droppedByMe: true, isServer: true }).behaviorClose).toBe(Behavior.OK);
  });

  it('matches outcomes in order and compares payload bytes and type', () => {
    const msg = (s: string, binary = false): CaseEvent => ({ kind: 'message', payload: Buffer.from(s), binary });
    const outcomes = new Map([
      [Behavior.OK, [msg('a')]],
      [Behavior.NON_STRICT, []],
    ]);
    expect(matchExpected([msg('a')], outcomes)).toBe(Behavior.OK);
    expect(matchExpected([], outcomes)).toBe(Behavior.NON_STRICT);
    expect(matchExpected([msg('a', true)], outcomes)).toBeUndefined();
  });

  it('passes OK and INFORMATIONAL only', () => {
    expect(isPass(Behavior.OK, Behavior.OK)).toBe(true);
    expect(isPass(Behavior.INFORMATIONAL, Behavior.INFORMATIONAL)).toBe(true);
    expect(isPass(Behavior.NON_STRICT, Behavior.OK)).toBe(false);
    expect(outcomeOf(Behavior.OK, Behavior.UNCLEAN)).toBe('FAILED');
    expect(outcomeOf(Behavior.UNIMPLEMENTED, Behavior.OK)).toBe('UNIMPLEMENTED');
  });
});
