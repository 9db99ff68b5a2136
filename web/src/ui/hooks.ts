// Data loading and actions with the states every page shows.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { api, type ApiResult, type Problem } from '../app/api';

export type Loaded<T> =
  | { state: 'loading'; reload: () => void }
  | { state: 'error'; problem: Problem; reload: () => void }
  | { state: 'ready'; data: T; reload: () => void };

// GETs `path` (null: nothing to load yet) and reloads when it changes.
export function useApi<T>(path: string | null): Loaded<T> {
  const [result, setResult] = useState<ApiResult<T> | null>(null);
  const [version, setVersion] = useState(0);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  useEffect(() => {
    if (path === null) return undefined;
    let live = true;
    setResult(null);
    void api.get<T>(path).then((answer) => {
      if (live) setResult(answer);
    });
    return () => {
      live = false;
    };
  }, [path, version]);
  if (path === null || result === null) return { state: 'loading', reload };
  if (!result.ok) return { state: 'error', problem: result.problem, reload };
  return { state: 'ready', data: result.data, reload };
}

export interface Action {
  busy: boolean;
  problem: Problem | null;
  // Runs `work` unless one is already running: a double click submits once.
  run: <T>(work: () => Promise<ApiResult<T>>, onDone?: (data: T) => void) => Promise<void>;
  clear: () => void;
}

export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const running = useRef(false);
  const mounted = useRef(true);
  useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );
  const run = useCallback(async <T>(work: () => Promise<ApiResult<T>>, onDone?: (data: T) => void) => {
    if (running.current) return;
    running.current = true;
    setBusy(true);
    setProblem(null);
    try {
      const answer = await work();
      if (!mounted.current) return;
      if (answer.ok) onDone?.(answer.data);
      else setProblem(answer.problem);
    } finally {
      running.current = false;
      if (mounted.current) setBusy(false);
    }
  }, []);
  return { busy, problem, run, clear: () => setProblem(null) };
}
