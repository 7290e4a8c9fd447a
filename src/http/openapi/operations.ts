import { authOperations } from './auth.js';
import { fileOperations } from './files.js';
import { messageOperations } from './messages.js';
import type { Operation } from './operation.js';
import { probeOperations } from './probes.js';
import { socialOperations } from './social.js';
import { streamOperations } from './streams.js';

/** Every HTTP operation a gate serves, in the order the document lists them. */
export const OPERATIONS: readonly Operation[] = [
  ...authOperations,
  ...socialOperations,
  ...messageOperations,
  ...streamOperations,
  ...fileOperations,
  ...probeOperations,
];
