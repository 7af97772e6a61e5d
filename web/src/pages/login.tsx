import { useState, type FormEvent } from 'react';
import { ApiError, login, type Session } from '../api';
import { useI18n, type Lang } from '../i18n';

export function Login(props: { onSignedIn: (s: Session) => void }) {
  const { t, lang, setLang } = useI18n();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      props.onSignedIn(await login(name, password));
    } catch (x) {
      setError(x instanceof ApiError ? x.message : String(x));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="login-page">
      <form className="login-card" onSubmit={submit} data-testid="login-form">
        <div className="brand big">
          <img src="/favicon.svg" alt="" width={36} height={36} />
          <div>
            <div className="brand-name">{t('appName')}</div>
            <div className="brand-tag">{t('tagline')}</div>
          </div>
        </div>
        <label>
          {t('userName')}
          <input name="name" autoComplete="username" value={name} onChange={(e) => setName(e.target.value)} required autoFocus />
        </label>
        <label>
          {t('password')}
          <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </label>
        {error && (
          <div className="state error" role="alert">
            {error}
          </div>
        )}
        <button className="btn primary wide" type="submit" disabled={busy}>
          {busy ? t('signingIn') : t('signIn')}
        </button>
        <p className="sub small">{t('loginHelp')}</p>
        <LangSwitch lang={lang} setLang={setLang} />
      </form>
    </div>
  );
}

export function LangSwitch(props: { lang: Lang; setLang: (l: Lang) => void }) {
  return (
    <div className="lang-switch" role="group" aria-label="Language / 语言">
      {(['en', 'zh-CN'] as const).map((l) => (
        <button key={l} type="button" className={props.lang === l ? 'on' : ''} onClick={() => props.setLang(l)} data-lang={l}>
          {l === 'en' ? 'English' : '简体中文'}
        </button>
      ))}
    </div>
  );
}
