/**
 * A small browser over real HTTP (fetch): it keeps cookies and the CSRF token of the last form it
 * was shown, and never follows redirects by itself, as the TestClient does over app.inject.
 */
export class HttpClient {
  private readonly cookies = new Map<string, string>();
  private csrf: string | undefined;

  constructor(private readonly base: string) {}

  private remember(res: Response, body: string) {
    for (const header of res.headers.getSetCookie()) {
      const [pair = ''] = header.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(header)) {
        this.cookies.delete(name);
      } else this.cookies.set(name, value);
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(body)?.[1];
    if (token) this.csrf = token;
  }

  private headers(): Record<string, string> {
    if (this.cookies.size === 0) return {};
    return { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') };
  }

  async get(path: string): Promise<{ status: number; body: string; location: string | null }> {
    const res = await fetch(`${this.base}${path}`, { headers: this.headers(), redirect: 'manual' });
    const body = await res.text();
    this.remember(res, body);
    return { status: res.status, body, location: res.headers.get('location') };
  }

  async post(
    path: string,
    form: Record<string, string>,
  ): Promise<{ status: number; body: string; location: string | null }> {
    const payload = new URLSearchParams({ ...form, ...(this.csrf ? { _csrf: this.csrf } : {}) });
    const res = await fetch(`${this.base}${path}`, {
      method: 'POST',
      headers: { ...this.headers(), 'content-type': 'application/x-www-form-urlencoded' },
      body: payload.toString(),
      redirect: 'manual',
    });
    const body = await res.text();
    this.remember(res, body);
    return { status: res.status, body, location: res.headers.get('location') };
  }
}
