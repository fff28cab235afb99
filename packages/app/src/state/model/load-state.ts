/** Where a list loaded from the host stands. */
export type LoadState = 'idle' | 'loading' | 'ready' | 'error';
