import { useT } from './context.js';
import { Spinner } from './icons.js';

export function PageLoading() {
  const t = useT();
  return (
    <div className="page-loading">
      <Spinner size={18} label={t.t('common.loading')} />
    </div>
  );
}
