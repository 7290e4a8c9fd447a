import path from 'node:path';
import type { Config } from '../config.js';
import type { Sql } from '../store/db.js';
import { DiskFileStore } from './disk.js';
import { PostgresFileStore } from './postgres.js';
import type { FileStore } from './store.js';

/** The FileStore FILE_STORE names. Switching stores does not move bytes already stored in the other. */
export function openFileStore(config: Config, sql: Sql): FileStore {
  return config.FILE_STORE === 'disk'
    ? new DiskFileStore(sql, path.resolve(config.DATA_DIR, 'files'))
    : new PostgresFileStore(sql);
}
