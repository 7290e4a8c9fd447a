// Starts Swagger UI on the gate's own OpenAPI document. A file rather than an inline script, so the
// page runs under a Content-Security-Policy without 'unsafe-inline' scripts. Nothing is fetched from
// elsewhere: no validator badge (validatorUrl: null), no remote document.
/* global SwaggerUIBundle */
window.ui = SwaggerUIBundle({
  url: '/v1/openapi.json',
  dom_id: '#api',
  deepLinking: true,
  validatorUrl: null,
  tryItOutEnabled: false,
  persistAuthorization: false,
  displayOperationId: true,
});
