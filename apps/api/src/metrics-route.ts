import type { Route } from './server.ts';
import type { DeliveryMetrics } from './services/metrics.ts';

/** GET /metrics in the Prometheus text format; it holds no project data, so needs no token. */
export function metricsRoute(metrics: DeliveryMetrics): Route {
  return async (request, response, url) => {
    if (url.pathname !== '/metrics') {
      return false;
    }
    if (request.method !== 'GET') {
      response.writeHead(405, { allow: 'GET' }).end();
      return true;
    }

    const text = await metrics.render();
    response.writeHead(200, { 'content-type': metrics.contentType });
    response.end(text);
    return true;
  };
}
