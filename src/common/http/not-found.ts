import type { NextFunction, Request, Response } from 'express';

/**
 * A path outside the API that the web interface does not have: 404 in the API's error shape.
 * Without it Express's final handler answered an English HTML page ("Cannot GET /x") of its own;
 * paths under /api/ go on to the API and its docs, whose 404 is Nest's.
 */
export function notFoundOutsideApi(req: Request, res: Response, next: NextFunction): void {
  if (req.path === '/api' || req.path.startsWith('/api/')) {
    next();
    return;
  }
  res.status(404).json({ code: 'NOT_FOUND', message: '请求的内容不存在' });
}
