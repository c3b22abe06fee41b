import { REQUEST_KIND } from '../../labels';

/** The requests a department can make on a task, as the API's paths name them. */
export type Kind = 'closure' | 'extension' | 'dispute';

export const kindLabel = (k: Kind): string => REQUEST_KIND[k.toUpperCase() as 'CLOSURE'];
