import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { newSecret } from '../ids.js';

/** The shortest HS256 secret accepted, from JWT_SECRET or from the file alike. */
export const MIN_SECRET_LENGTH = 32;

/**
 * The JWT signing secret: JWT_SECRET when set, otherwise one generated on first start and kept in
 * DATA_DIR/jwt-secret (mode 0600) so tokens survive restarts and gates on one host agree. A file
 * that holds less than MIN_SECRET_LENGTH characters (hand-edited, truncated, empty) stops the start
 * with a message naming it: signing with it would let anyone who guesses it mint tokens, and
 * replacing it silently would log every user out.
 */
export async function loadJwtSecret(configured: string | undefined, dataDir: string): Promise<string> {
  if (configured) return configured;
  const file = path.join(dataDir, 'jwt-secret');
  const existing = await readSecret(file);
  if (existing !== null) return existing;
  await mkdir(dataDir, { recursive: true });
  // Written whole under a name of its own, then linked into place: link() fails when the file
  // exists, so a gate starting at the same moment reads either no file or a complete one.
  const secret = newSecret(48);
  const draft = `${file}.${process.pid}.${newSecret(6)}`;
  await writeFile(draft, secret + '\n', { mode: 0o600, flag: 'wx' });
  try {
    await link(draft, file);
    return secret;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    // Another gate on this host wrote it first: use theirs.
    const theirs = await readSecret(file);
    if (theirs === null) throw new Error(`${file} vanished while it was being read`, { cause: err });
    return theirs;
  } finally {
    await rm(draft, { force: true });
  }
}

/** The secret kept in `file`, null when there is no file; throws when it is too short to use. */
async function readSecret(file: string): Promise<string | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  const secret = text.trim();
  if (secret.length < MIN_SECRET_LENGTH)
    throw new Error(
      `${file} holds a JWT secret of ${secret.length} characters; it must have at least ${MIN_SECRET_LENGTH} characters. ` +
        `Delete the file to have a new one generated (tokens already issued stop working), ` +
        `or write a longer secret into it, or set JWT_SECRET`,
    );
  return secret;
}
