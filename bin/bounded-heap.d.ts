/** See bounded-heap.js. */
export declare const HEAP_MB: { readonly import: number };
export declare function boundedNodeOptions(command: string): string[];
