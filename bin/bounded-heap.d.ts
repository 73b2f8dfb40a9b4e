/** See bounded-heap.js. */
export declare const HEAP_MB: { readonly import: number };
