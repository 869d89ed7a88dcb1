import { describe, expect, it } from 'vitest';
import { TypedEmitter } from '../src/typed-emitter.js';

type Events = { message: [text: string, count: number]; error: [error: Error] };

class Probe extends TypedEmitter<Events> {
  fire<K extends keyof Events>(event: K, ...args: Events[K]): boolean {
    return this.emit(event, ...args);
  }
}

describe('TypedEmitter', () => {
  it('calls listeners in the order they were added, with the arguments', () => {
    const probe = new Probe();
    const calls: string[] = [];
    probe.on('message', (text, count) => calls.push(`a:${text}:${count}`));
    probe.on('message', (text) => calls.push(`b:${text}`));
    expect(probe.fire('message', 'hi', 2)).toBe(true);
    expect(calls).toEqual(['a:hi:2', 'b:hi']);
    expect(probe.listenerCount('message')).toBe(2);
  });

  it('removes once listeners after their first call without skipping the next listener', () => {
    const probe = new Probe();
    const calls: string[] = [];
    probe.once('message', (text) => calls.push(`once:${text}`));
    probe.on('message', (text) => calls.push(`on:${text}`));
    probe.fire('message', 'one', 1);
    probe.fire('message', 'two', 2);
    expect(calls).toEqual(['once:one', 'on:one', 'on:two']);
    expect(probe.listenerCount('message')).toBe(1);
  });

  it('removes a listener with off, and reports events without listeners', () => {
    const probe = new Probe();
    const listener = (): void => {
      throw new Error('must not be called');
    };
    probe.on('message', listener).off('message', listener);
    expect(probe.fire('message', 'x', 0)).toBe(false);
  });

  it('drops error events nobody listens to instead of throwing', () => {
    const probe = new Probe();
    expect(probe.fire('error', new Error('peer misbehaved'))).toBe(false);
    const seen: Error[] = [];
    probe.on('error', (error) => seen.push(error));
    probe.fire('error', new Error('second'));
    expect(seen.map((error) => error.message)).toEqual(['second']);
  });
});
