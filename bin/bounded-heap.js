/**
 * Commands that stream large files run in a process whose JavaScript heap is bounded (MB): left
 * alone, V8 lets collectable garbage grow to hundreds of megabytes before it collects, while what
 * an import really holds at once is a few tens of megabytes.
 */
export const HEAP_MB = { import: 192 };
