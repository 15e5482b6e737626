/** Page query values: WeChat passes them still percent-encoded, the H5 router already decoded. */
export function readParam(params: Partial<Record<string, string>>, name: string): string | null {
  const raw = params[name];
  if (raw === undefined || raw === '') return null;
  try {
    return decodeURIComponent(raw);
  } catch {
    // already decoded and containing a bare '%'
    return raw;
  }
}
