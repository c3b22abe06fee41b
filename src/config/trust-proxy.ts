/** TRUST_PROXY as Express wants it; undefined when the proxy is not trusted. */
export function trustProxySetting(value: string): boolean | number | string | undefined {
  const v = value.trim();
  if (v === '' || v === 'false') return undefined;
  if (v === 'true') return true;
  if (/^\d+$/.test(v)) return Number(v);
  return v;
}
