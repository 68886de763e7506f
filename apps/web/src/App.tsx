/**
 * The app's frame: a skip link, the header with navigation, the signed-in user, language and
 * sign-out, and the pages. Signed out, it offers sign-in and nothing else.
 */
import { PrimaryActionButton, SecondaryActionButton } from '@utrecht/button-react';
import { Link } from '@utrecht/link-react';
import { useIsFetching } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Link as RouterLink, Route, Routes } from 'react-router';
import { useAuth } from './auth';
import { ConnectionStatus } from './ConnectionStatus';
import { CaseloadPage } from './pages/CaseloadPage';
import { IncidentsPage } from './pages/IncidentsPage';
import { ReportPage } from './pages/ReportPage';
import { StartTrajectoryPage } from './pages/StartTrajectoryPage';
import { StuckPage } from './pages/StuckPage';
import { TasksPage } from './pages/TasksPage';
import { TrajectoryPage } from './pages/TrajectoryPage';

/** What each role works with, as the API allows it (README, "Who may do what"); the first is home. */
const PAGES_BY_ROLE: Record<string, ReadonlyArray<'caseload' | 'tasks' | 'start' | 'stuck' | 'incidents' | 'report'>> = {
  klantmanager: ['caseload', 'tasks', 'start'],
  supervisor: ['caseload', 'tasks', 'stuck', 'incidents', 'report'],
  admin: ['caseload', 'stuck', 'incidents', 'report'],
  beleid: ['report'],
};
const PAGE_PATHS = { caseload: '/', tasks: '/tasks', start: '/new', stuck: '/stuck', incidents: '/incidents', report: '/report' } as const;

/** Partners (Vluchtelingenwerk, the wijkteam, …) and roles a definition declares (a job coach) do tasks, nothing else. */
function pagesOf(role: string) {
  return PAGES_BY_ROLE[role] ?? ['tasks'];
}

export function App() {
  const { t } = useTranslation();
  const { state } = useAuth();
  return (
    <BrowserRouter basename="/app">
      <a className="wegwijs-skip-link utrecht-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <Header />
      <main id="main" className="wegwijs-main" tabIndex={-1}>
        <ConnectionStatus />
        {state.status === 'starting' && <p className="utrecht-paragraph">{t('auth.completing')}</p>}
        {state.status === 'signedOut' && <SignedOut reason={state.reason} />}
        {state.status === 'signedIn' && <SignedInRoutes role={state.user.role} />}
      </main>
    </BrowserRouter>
  );
}

function SignedInRoutes({ role }: { role: string }) {
  const pages = pagesOf(role);
  const element = { caseload: <CaseloadPage />, tasks: <TasksPage />, start: <StartTrajectoryPage />, stuck: <StuckPage />, incidents: <IncidentsPage />, report: <ReportPage /> };
  return (
    <Routes>
      <Route path="/" element={element[pages[0]]} />
      {pages.includes('tasks') && <Route path="/tasks" element={<TasksPage />} />}
      {pages.includes('start') && <Route path="/new" element={<StartTrajectoryPage />} />}
      {pages.includes('stuck') && <Route path="/stuck" element={<StuckPage />} />}
      {pages.includes('incidents') && <Route path="/incidents" element={<IncidentsPage />} />}
      {pages.includes('report') && <Route path="/report" element={<ReportPage />} />}
      {pages.includes('caseload') && <Route path="/trajectories/:trajectoryId" element={<TrajectoryPage />} />}
      <Route path="*" element={element[pages[0]]} />
    </Routes>
  );
}

function Header() {
  const { t, i18n } = useTranslation();
  const { state, signOut } = useAuth();
  const fetching = useIsFetching();
  const other = i18n.language === 'nl' ? 'en' : 'nl';
  return (
    <header className="wegwijs-header utrecht-page-header">
      <p className="utrecht-heading-3">
        <RouterLink to="/" className="utrecht-link">
          {t('app.name')}
        </RouterLink>
      </p>
      {state.status === 'signedIn' && (
        <nav aria-label={t('nav.main')}>
          <ul>
            {pagesOf(state.user.role).map((page) => (
              <li key={page}>
                <RouterLink to={PAGE_PATHS[page]} className="utrecht-link">
                  {t(`nav.${page}`)}
                </RouterLink>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <div className="wegwijs-user">
        <span aria-live="polite" className="utrecht-paragraph">{fetching > 0 ? t('app.loading') : ''}</span>
        {state.status === 'signedIn' && <span className="utrecht-paragraph">{t('auth.signedInAs', { role: state.user.role, id: state.user.id })}</span>}
        <SecondaryActionButton lang={other} aria-label={t('app.languageLabel')} onClick={() => void i18n.changeLanguage(other).then(() => (document.documentElement.lang = other))}>
          {t('app.language')}
        </SecondaryActionButton>
        {state.status === 'signedIn' && <SecondaryActionButton onClick={() => void signOut()}>{t('auth.signOut')}</SecondaryActionButton>}
      </div>
    </header>
  );
}

function SignedOut({ reason }: { reason?: 'expired' | { failed: string } }) {
  const { t } = useTranslation();
  const { signIn } = useAuth();
  return (
    <>
      <h1 className="utrecht-heading-1">{t('auth.welcome')}</h1>
      {reason === 'expired' && (
        <div className="utrecht-alert utrecht-alert--warning" role="status">
          <p className="utrecht-paragraph">{t('auth.expired')}</p>
        </div>
      )}
      {typeof reason === 'object' && (
        <div className="utrecht-alert utrecht-alert--error" role="alert">
          <p className="utrecht-paragraph">{t('auth.failed', { reason: reason.failed })}</p>
        </div>
      )}
      <p className="utrecht-paragraph">{t('auth.intro')}</p>
      <PrimaryActionButton onClick={() => void signIn()}>{t('auth.signIn')}</PrimaryActionButton>
      <p className="utrecht-paragraph">
        <Link href="/docs">API</Link>
      </p>
    </>
  );
}
