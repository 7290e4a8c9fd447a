import { readFileSync } from 'node:fs';
import { forbidden } from '../errors.js';
import type { SendStep } from './types.js';

/**
 * A content filter step: refuses a text message containing any listed word (whole words,
 * case-insensitive). The list is a file of one word or phrase per line; `#` starts a comment.
 * Shipped off by default; WORD_FILTER_FILE turns it on.
 */
export function wordFilter(words: readonly string[]): SendStep {
  const clean = words.map((w) => w.trim().toLowerCase()).filter((w) => w.length > 0);
  const escaped = clean.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const re = escaped.length ? new RegExp(`(?<![\\p{L}\\p{N}])(?:${escaped.join('|')})(?![\\p{L}\\p{N}])`, 'iu') : null;
  return {
    name: 'word-filter',
    async run({ request }) {
      if (re && request.contentType === 'text' && re.test(request.content)) {
        throw forbidden('message rejected by the content filter');
      }
    },
  };
}

/** Reads a word list file (see wordFilter). */
export function loadWordList(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .map((l) => l.replace(/#.*/, '').trim())
    .filter((l) => l.length > 0);
}
