// Starts a worker thread on a TypeScript module: the sources run through tsx, with no build step,
// and a worker thread does not inherit the loader its process was started with.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.module);
