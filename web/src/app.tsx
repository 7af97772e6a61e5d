/** The shell: sign-in, the navigation, the header (as-of date, language, user and role), and the pages. */
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { get, logout, savedSession, saveSession, setUnauthorisedHandler, type Role, type Session } from './api';
import { I18nContext, translate, useI18n, type I18n, type Key, type Lang } from './i18n';
import { AllocationPage } from './pages/allocation';
import { CampaignsPage } from './pages/campaigns';
import { CompanyPage } from './pages/company';
import { SourcesPage } from './pages/sources';
import { AuditPage } from './pages/audit';
import { CarePage } from './pages/care';
import { ChurnPage } from './pages/churn';
import { CustomerPage } from './pages/customer';
import { CustomersPage } from './pages/customers';
import { ImportPage } from './pages/import';
import { LangSwitch, Login } from './pages/login';
import { MatricesPage } from './pages/matrices';
import { Overview } from './pages/overview';
import { PortraitsPage } from './pages/portraits';
import { RfmPage } from './pages/rfm';
import { SegmentsPage } from './pages/segments';
import { TargetsPage } from './pages/targets';
import { href, useRoute, type Route } from './router';
import { Loading } from './ui/bits';
import { useApi } from './ui/use-api';
import { setCurrency } from './format';

const RANK: Record<Role, number> = { viewer: 0, analyst: 1, admin: 2 };

interface NavItem {
  readonly page: string;
  readonly label: Key;
  readonly icon: string;
  readonly role?: Role;
}
const NAV: Array<{ group: Key; items: NavItem[] }> = [
  {
    group: 'nav.analyse',
    items: [
      { page: 'overview', label: 'nav.overview', icon: '◔' },
      { page: 'rfm', label: 'nav.rfm', icon: '▦' },
      { page: 'matrices', label: 'nav.matrices', icon: '◫' },
      { page: 'customers', label: 'nav.customers', icon: '☰' },
    ],
  },
  {
    group: 'nav.decide',
    items: [
      { page: 'segments', label: 'nav.segments', icon: '⚲' },
      { page: 'portraits', label: 'nav.portraits', icon: '◉' },
      { page: 'targets', label: 'nav.targets', icon: '◎' },
      { page: 'allocation', label: 'nav.allocation', icon: '▤' },
      { page: 'company', label: 'nav.company', icon: '⌂' },
      { page: 'sources', label: 'nav.sources', icon: '⇶' },
    ],
  },
  {
    group: 'nav.act',
    items: [
      { page: 'churn', label: 'nav.churn', icon: '↘' },
      { page: 'care', label: 'nav.care', icon: '✿' },
      { page: 'campaigns', label: 'nav.campaigns', icon: '⚐' },
    ],
  },
  {
    group: 'nav.data',
    items: [
      { page: 'import', label: 'nav.import', icon: '⇪' },
      { page: 'audit', label: 'nav.audit', icon: '⚑', role: 'admin' },
    ],
  },
];

function initialLang(): Lang {
  const saved = localStorage.getItem('clientele.lang');
  if (saved === 'en' || saved === 'zh-CN') return saved;
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export function App() {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const [session, setSession] = useState<Session | null>(savedSession);
  const setLang = useCallback((l: Lang) => {
    localStorage.setItem('clientele.lang', l);
    setLangState(l);
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = `Clientele · ${translate(lang, 'tagline')}`;
  }, [lang]);
  useEffect(() => {
    setUnauthorisedHandler(() => {
      saveSession(null);
      setSession(null);
    });
  }, []);
  // Set during render, not in an effect: the pages' first requests already carry the language (api.ts).
  document.documentElement.lang = lang;
  const i18n = useMemo<I18n>(() => ({ lang, setLang, t: (k, v) => translate(lang, k, v) }), [lang, setLang]);
  return <I18nContext.Provider value={i18n}>{session ? <Shell session={session} onSignOut={() => setSession(null)} /> : <Login onSignedIn={setSession} />}</I18nContext.Provider>;
}

function Shell(props: { session: Session; onSignOut: () => void }) {
  const { t, lang, setLang } = useI18n();
  const route = useRoute();
  const role = props.session.user.role;
  const can = (r: Role) => RANK[role] >= RANK[r];
  const value = useApi<{ asOf: string }>('/api/rfm');
  const config = useApi<{ currency: string | null }>('/api/config');
  setCurrency(config.data?.currency);
  const signOut = async () => {
    await logout().catch(() => undefined);
    props.onSignOut();
  };
  const current = NAV.flatMap((g) => g.items).find((i) => i.page === route.page);
  const title = route.page === 'customer' ? `${t('customer')} ${route.arg ?? ''}` : current ? t(current.label) : t('nav.overview');
  return (
    <div className="shell">
      <aside className="sidebar">
        <a className="brand" href={href('overview')}>
          <img src="/favicon.svg" alt="" width={28} height={28} />
          <span className="brand-name">{t('appName')}</span>
        </a>
        <nav>
          {NAV.map((g) => (
            <div key={g.group} className="nav-group">
              <div className="nav-title">{t(g.group)}</div>
              {g.items
                .filter((i) => !i.role || can(i.role))
                .map((i) => (
                  <a key={i.page} href={href(i.page)} className={`nav-item ${route.page === i.page || (route.page === 'customer' && i.page === 'customers') ? 'on' : ''}`} data-nav={i.page}>
                    <span className="nav-icon">{i.icon}</span>
                    {t(i.label)}
                  </a>
                ))}
            </div>
          ))}
        </nav>
      </aside>
      <div className="main">
        <header className="topbar">
          <h1 className="page-title">{title}</h1>
          <div className="topbar-right">
            {value.data && <span className="asof">{t('asOf', { date: value.data.asOf })}</span>}
            {role === 'viewer' && (
              <span className="pill warn" data-testid="pii-masked">
                <svg width="11" height="12" viewBox="0 0 11 12" aria-hidden="true">
                  <rect x="1" y="5" width="9" height="7" rx="1.5" fill="currentColor" />
                  <path d="M3 5V3.5a2.5 2.5 0 0 1 5 0V5" stroke="currentColor" strokeWidth="1.4" fill="none" />
                </svg>
                {t('piiMasked')}
              </span>
            )}
            <LangSwitch lang={lang} setLang={setLang} />
            <span className="user" data-testid="user">
              <b>{props.session.user.name}</b> <span className={`role role-${role}`} data-testid="role">{t(`role.${role}` as Key)}</span>
            </span>
            <button className="btn small ghost" onClick={signOut} data-testid="sign-out">
              {t('signOut')}
            </button>
          </div>
        </header>
        {/* The pages wait for the store's currency: a page drawn before it came would be drawn again (key) with its figures reloaded. */}
        <main className="content" key={config.data?.currency ?? ''}>
          {config.data || config.error ? page(route, can) : <Loading />}
        </main>
      </div>
    </div>
  );
}

function page(route: Route, can: (r: Role) => boolean): ReactNode {
  switch (route.page) {
    case 'rfm':
      return <RfmPage route={route} />;
    case 'matrices':
      return <MatricesPage route={route} />;
    case 'customers':
      return <CustomersPage />;
    case 'customer':
      return route.arg ? <CustomerPage key={route.arg} id={route.arg} /> : <CustomersPage />;
    case 'segments':
      return <SegmentsPage canWrite={can('analyst')} />;
    case 'portraits':
      return <PortraitsPage route={route} />;
    case 'targets':
      return <TargetsPage />;
    case 'allocation':
      return <AllocationPage />;
    case 'company':
      return <CompanyPage canWrite={can('analyst')} />;
    case 'campaigns':
      return <CampaignsPage />;
    case 'sources':
      return <SourcesPage />;
    case 'churn':
      return <ChurnPage canExport={can('analyst')} />;
    case 'care':
      return <CarePage />;
    case 'import':
      return <ImportPage canWrite={can('analyst')} route={route} />;
    case 'audit':
      return can('admin') ? <AuditPage /> : <Overview />;
    default:
      return <Overview />;
  }
}
