/**
 * A browser in a few lines over fetch, for servers started as processes: it keeps cookies and the
 * CSRF token of the last page it read, posts forms with it, and uploads files to the back office's
 * imports (the token first, then the files, as the form sends them).
 */
export function fetchBrowser(base: string) {
  const cookies = new Map<string, string>();
  let token = '';
  const headers = () => ({ cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') });
  const remember = async (res: Response) => {
    for (const header of res.headers.getSetCookie()) {
      const [pair = ''] = header.split(';');
      const at = pair.indexOf('=');
      cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
    }
    const body = await res.text();
    token = /name="_csrf" value="([^"]+)"/.exec(body)?.[1] ?? token;
    return { status: res.status, body };
  };
  return {
    get: async (url: string) =>
      remember(await fetch(`${base}${url}`, { headers: headers(), redirect: 'manual' })),
    post: async (url: string, form: Record<string, string>) =>
      remember(
        await fetch(`${base}${url}`, {
          method: 'POST',
          headers: { ...headers(), 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ _csrf: token, ...form }).toString(),
          redirect: 'manual',
        }),
      ),
    upload: async (files: { field: string; name: string; content: Buffer }[]) => {
      const form = new FormData();
      form.append('_csrf', token);
      for (const f of files) form.append(f.field, new Blob([new Uint8Array(f.content)]), f.name);
      return remember(
        await fetch(`${base}/admin/imports`, {
          method: 'POST',
          headers: headers(),
          body: form,
          redirect: 'manual',
        }),
      );
    },
  };
}
