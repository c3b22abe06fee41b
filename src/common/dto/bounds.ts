/** PostgreSQL's \`integer\`: the largest version, item number or offset a request may carry. */
export const MAX_INT = 2_147_483_647;
