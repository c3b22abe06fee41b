import type { NextFunction, Request, Response } from 'express';
import type { Histogram } from 'prom-client';

/** The label of a request that matched no route (static files, 404s): one value, not its path. */
export const UNMATCHED_ROUTE = '(unmatched)';

/**
 * Times every request, labelled with the route template Express matched (`/api/v1/tasks/:id`),
 * never the raw path: ids would make a series per task. Requests that match no route (the web
 * interface's files, 404s) share one label.
 */
export function httpMetrics(
  histogram: Histogram<'method' | 'route' | 'status_class'>,
): (req: Request, res: Response, next: NextFunction) => void {
  return (req, res, next) => {
    const end = histogram.startTimer();
    res.once('finish', () => {
      const route = (req.route as { path?: unknown } | undefined)?.path;
      end({
        method: req.method,
        route: typeof route === 'string' ? `${req.baseUrl}${route}` : UNMATCHED_ROUTE,
        status_class: `${Math.floor(res.statusCode / 100)}xx`,
      });
    });
    next();
  };
}
