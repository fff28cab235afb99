import { useEffect, useState } from 'react';

/**
 * The current time, renewed every `intervalMs`, so "2 minutes ago" labels keep up with the
 * clock while nothing else changes on the page.
 */
export function useNow(intervalMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
