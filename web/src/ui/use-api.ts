import { useCallback, useEffect, useState } from 'react';
import { ApiError, get, type Query } from '../api';

export interface Loaded<T> {
  readonly data: T | null;
  readonly error: ApiError | null;
  readonly loading: boolean;
  reload(): void;
}

/** GETs `path` with `query` whenever either changes (null path: nothing yet); the last answer wins. */
export function useApi<T>(path: string | null, query: Query = {}): Loaded<T> {
  const key = path === null ? null : JSON.stringify([path, query]);
  const [state, setState] = useState<{ key: string | null; data: T | null; error: ApiError | null; loading: boolean }>({ key: null, data: null, error: null, loading: path !== null });
  const [n, setN] = useState(0);
  useEffect(() => {
    if (path === null) return;
    const ac = new AbortController();
    setState((s) => ({ ...s, key, loading: true, error: null }));
    get<T>(path, query, ac.signal).then(
      (data) => !ac.signal.aborted && setState({ key, data, error: null, loading: false }),
      (e: unknown) => !ac.signal.aborted && setState({ key, data: null, error: e instanceof ApiError ? e : new ApiError(0, String(e)), loading: false }),
    );
    return () => ac.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, n]);
  const reload = useCallback(() => setN((x) => x + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}

/** A value that follows `value` after it has stayed the same for `ms` (the live count while typing). */
export function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}
