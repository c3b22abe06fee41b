import { EnvironmentVariables, validateEnv } from './env.validation';

/**
 * Typed read access to the validated environment; nothing else reads process.env.
 * Validated when the application is created (not when modules are imported), so the demo and the
 * tests can set the environment first and build several applications in one process.
 */
export class AppConfig {
  private readonly env: EnvironmentVariables;

  constructor(raw: Record<string, unknown> = process.env) {
    this.env = validateEnv(raw);
  }

  get<K extends keyof EnvironmentVariables>(key: K): EnvironmentVariables[K] {
    return this.env[key];
  }
}
