import { z } from 'zod';
import { healthAnswer, readyAnswer } from '../answers.js';
import type { Operation } from './operation.js';

const tag = 'operations';

/** The probes, the metrics and the document itself: no token, no `/v1` body parsing. */
export const probeOperations: Operation[] = [
  {
    id: 'healthz',
    method: 'get',
    path: '/healthz',
    tag,
    summary: 'Liveness',
    access: 'public',
    standardErrors: false,
    ok: { 200: { description: 'The process is alive.', schema: healthAnswer } },
  },
  {
    id: 'readyz',
    method: 'get',
    path: '/readyz',
    tag,
    summary: 'Readiness',
    description:
      'Ready when Redis and Postgres answer and the gate is not draining; a load balancer sends traffic only then.',
    access: 'public',
    standardErrors: false,
    ok: {
      200: { description: 'Ready.', schema: readyAnswer },
      503: { description: 'Not ready: a store does not answer, or the gate is draining.', schema: readyAnswer },
    },
  },
  {
    id: 'metrics',
    method: 'get',
    path: '/metrics',
    tag,
    summary: 'Prometheus metrics',
    description:
      'Open unless the deployment set METRICS_TOKEN; then a scrape needs `Authorization: Bearer <that token>` (a scrape token, not an access token), and any other gets 401.',
    access: 'public',
    standardErrors: false,
    ok: { 200: { description: 'The Prometheus text format.', contentType: 'text/plain', schema: z.string() } },
    errors: ['unauthorized', 'internal'],
  },
  {
    id: 'openapi',
    method: 'get',
    path: '/v1/openapi.json',
    tag,
    summary: 'This document',
    description: 'OpenAPI 3.1, generated from the schemas the gate validates with. A viewer is served at `/docs`.',
    access: 'public',
    standardErrors: false,
    ok: { 200: { description: 'The OpenAPI document.', schema: z.looseObject({ openapi: z.string() }) } },
  },
];
