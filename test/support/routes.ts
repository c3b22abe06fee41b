import type { TestApp } from './test-app';

/** Every route of the application, as `METHOD /path` without the /api/v1 prefix. */
export function registeredRoutes(t: TestApp): string[] {
  const http = t.app.getHttpAdapter().getInstance() as {
    router?: { stack: unknown[] };
    _router?: { stack: unknown[] };
  };
  const stack = (http.router ?? http._router)!.stack as {
    route?: { path: string; methods: Record<string, boolean> };
  }[];
  const routes = new Set<string>();
  for (const layer of stack) {
    if (!layer.route || !layer.route.path.startsWith('/api/v1/')) continue;
    for (const [method, on] of Object.entries(layer.route.methods)) {
      if (on && method !== '_all') {
        routes.add(`${method.toUpperCase()} ${layer.route.path.slice('/api/v1'.length)}`);
      }
    }
  }
  return [...routes].sort();
}
