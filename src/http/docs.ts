import { createRequire } from 'node:module';
import path from 'node:path';
import { Router, type RequestHandler } from 'express';
import { buildOpenApiDocument } from './openapi/document.js';

/** The files of swagger-ui-dist the docs page loads, and nothing else of that package. */
const VIEWER_FILES = new Set([
  'favicon-32x32.png',
  'swagger-ui-bundle.js',
  'swagger-ui-bundle.js.map',
  'swagger-ui.css',
  'swagger-ui.css.map',
]);
const VIEWER_DIR = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

/**
 * `GET /v1/openapi.json`: the document, built on the first request and kept as its JSON text (one per
 * gate); no token needed.
 */
export function openApiHandler(): RequestHandler {
  let json: string | undefined;
  return (_req, res) => {
    json ??= JSON.stringify(buildOpenApiDocument());
    res.type('application/json').setHeader('Cache-Control', 'no-cache');
    res.send(json);
  };
}

/**
 * `/docs/vendor/*`: the viewer's script and style from the installed swagger-ui-dist package (the
 * page itself, `public/docs/`, is served with the demo's static files). Works offline.
 */
export function docsViewerRouter(): Router {
  const r = Router();
  r.get('/docs/vendor/:file', (req, res, next) => {
    const file = req.params.file;
    if (!VIEWER_FILES.has(file)) return next();
    res.sendFile(path.join(VIEWER_DIR, file), { maxAge: '1h' });
  });
  return r;
}
