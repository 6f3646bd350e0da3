interface StoredCookie {
  value: string;
  path: string;
}

/**
 * Just enough of a browser for redirect-based logins: follows redirects one hop at a time with
 * `fetch`, keeping cookies per host (name, value, path; `Max-Age=0` deletes), so state and
 * session cookies travel as a real browser would send them.
 */
export function createRedirectBrowser() {
  const jar = new Map<string, Map<string, StoredCookie>>();

  function cookieHeader(url: URL): string {
    const cookies = jar.get(url.host) ?? new Map<string, StoredCookie>();
    return [...cookies]
      .filter(([, c]) => url.pathname.startsWith(c.path))
      .map(([name, c]) => `${name}=${c.value}`)
      .join('; ');
  }

  function store(url: URL, setCookies: string[]) {
    const cookies = jar.get(url.host) ?? new Map<string, StoredCookie>();
    jar.set(url.host, cookies);
    for (const line of setCookies) {
      const [pair = '', ...attributes] = line.split(';').map((s) => s.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const attr = (key: string) =>
        attributes.find((a) => a.toLowerCase().startsWith(`${key}=`))?.slice(key.length + 1);
      const maxAge = attr('max-age');
      const expires = attr('expires');
      if (maxAge === '0' || (expires && new Date(expires).getTime() < Date.now())) cookies.delete(name);
      else cookies.set(name, { value: pair.slice(eq + 1), path: attr('path') ?? '/' });
    }
  }

  return {
    /** One request with this browser's cookies; redirects are not followed. */
    async fetch(url: string, init: RequestInit = {}): Promise<Response> {
      const target = new URL(url);
      const headers = new Headers(init.headers);
      const cookie = cookieHeader(target);
      if (cookie) headers.set('cookie', cookie);
      const res = await fetch(target, { ...init, headers, redirect: 'manual' });
      store(target, res.headers.getSetCookie());
      return res;
    },

    /**
     * Navigates to `url` and follows redirects until one points at a URL for which `stop` is
     * true; returns that URL without requesting it. Fails on a non-redirect answer before it.
     */
    async navigate(url: string, stop: (url: string) => boolean, maxHops = 20): Promise<string> {
      let current = url;
      for (let hop = 0; hop < maxHops; hop++) {
        if (stop(current)) return current;
        const res = await this.fetch(current);
        const location = res.headers.get('location');
        if (res.status < 300 || res.status >= 400 || !location) {
          throw new Error(`${current} answered ${res.status} ${(await res.text()).slice(0, 500)}`);
        }
        current = new URL(location, current).href;
      }
      throw new Error(`more than ${maxHops} redirects from ${url}`);
    },

    /** The value of cookie `name` for `host`, if the browser holds one. */
    cookie(host: string, name: string): string | undefined {
      return jar.get(host)?.get(name)?.value;
    },
  };
}

export type RedirectBrowser = ReturnType<typeof createRedirectBrowser>;
