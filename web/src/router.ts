/** Hash routes (#/rfm, #/customer/CU1): the server serves one page, and a link is a bookmark. */
import { useEffect, useState } from 'react';

export interface Route {
  readonly page: string;
  readonly arg: string | null;
  readonly query: URLSearchParams;
}

export function parseHash(hash: string): Route {
  const h = hash.replace(/^#\/?/, '');
  const [path, q = ''] = h.split('?');
  const [page, ...rest] = path.split('/');
  return { page: page || 'overview', arg: rest.length ? decodeURIComponent(rest.join('/')) : null, query: new URLSearchParams(q) };
}

export function href(page: string, arg?: string | null, query?: Record<string, string>): string {
  const q = query ? new URLSearchParams(query).toString() : '';
  return `#/${page}${arg ? '/' + encodeURIComponent(arg) : ''}${q ? '?' + q : ''}`;
}

export function go(page: string, arg?: string | null, query?: Record<string, string>): void {
  window.location.hash = href(page, arg, query);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(window.location.hash));
  useEffect(() => {
    const on = () => setRoute(parseHash(window.location.hash));
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}
