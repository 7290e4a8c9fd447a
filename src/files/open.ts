import path from 'node:path';
import type { Config } from '../config.js';
import type { Sql } from '../store/db.js';
import { DiskBlobStore } from './disk.js';
import { PostgresBlobStore } from './postgres.js';
import type { BlobStore } from './blob-store.js';

/** The BlobStore FILE_STORE names. Switching stores does not move bytes already stored in the other. */
export function openBlobStore(config: Config, sql: Sql): BlobStore {
  return config.FILE_STORE === 'disk'
    ? new DiskBlobStore(sql, path.resolve(config.DATA_DIR, 'files'))
    : new PostgresBlobStore(sql);
}
