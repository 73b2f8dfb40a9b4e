import { describe, expect, it } from 'vitest';
import { boundedNodeOptions, HEAP_MB } from '../../bin/bounded-heap.js';

describe('the Node options of a command run in a process of its own', () => {
  it('bounds the import’s heap and compiles the embedded database once, optimised', () => {
    const options = boundedNodeOptions('import');
    expect(options).toContain(`--max-old-space-size=${HEAP_MB.import}`);
    // baseline WebAssembly code and its optimised recompilation would both be held in memory
    expect(options).toContain('--no-liftoff');
    // a small young generation: rows read from a stream die young
    expect(options).toContain('--max-semi-space-size=4');
  });

  it('leaves the other commands in the process they were started in', () => {
    expect(boundedNodeOptions('serve')).toEqual([]);
    expect(boundedNodeOptions('db')).toEqual([]);
  });
});
