import { useState, type FormEvent } from 'react';
import { useI18n } from '../i18n';
import { go } from '../router';
import { Card } from '../ui/bits';
import { CustomerTable } from '../ui/customers';

export function CustomersPage() {
  const { t } = useI18n();
  const [id, setId] = useState('');
  const open = (e: FormEvent) => {
    e.preventDefault();
    if (id.trim()) go('customer', id.trim());
  };
  return (
    <div className="page" data-testid="customers">
      <Card
        title={t('nav.customers')}
        sub={t('customersSub')}
        actions={
          <form className="inline-form" onSubmit={open}>
            <input placeholder={t('findCustomer')} value={id} onChange={(e) => setId(e.target.value)} aria-label={t('findCustomer')} />
            <button className="btn" type="submit">
              {t('open')}
            </button>
          </form>
        }
      >
        <CustomerTable pageSize={25} />
      </Card>
    </div>
  );
}
