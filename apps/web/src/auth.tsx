/**
 * Sign-in with the municipality's OpenID provider (authorization code flow with PKCE, by
 * oidc-client-ts). The tokens live in this page's memory only — never in localStorage, cookies or
 * URLs — and are renewed with the refresh token while the provider's session lasts; a reload signs
 * in again through the provider (at once, while its session lasts). The API keeps no browser
 * session, so it takes no cookie on any route that changes data: no CSRF surface.
 */
import { InMemoryWebStorage, UserManager, WebStorageStateStore, type User } from 'oidc-client-ts';
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';

/** /app/config.json, served by the API from its configuration. */
interface SignInConfiguration {
  readonly issuer: string;
  readonly clientId: string;
  readonly scope: string;
}

export interface SignedInUser {
  readonly id: string;
  readonly role: string;
  readonly municipalities: readonly string[];
}

type AuthState =
  | { readonly status: 'starting' }
  | { readonly status: 'signedOut'; readonly reason?: 'expired' | { failed: string } }
  | { readonly status: 'signedIn'; readonly user: SignedInUser };

interface AuthContextValue {
  readonly state: AuthState;
  signIn(): Promise<void>;
  signOut(): Promise<void>;
}

const APP_BASE = '/app';
const CALLBACK_PATH = `${APP_BASE}/signed-in`;
const AuthContext = createContext<AuthContextValue | undefined>(undefined);

/** The current access token, for the API client; undefined when signed out. */
let currentAccessToken: string | undefined;
export const accessToken = (): string | undefined => currentAccessToken;

async function createUserManager(): Promise<UserManager> {
  const response = await fetch(`${APP_BASE}/config.json`);
  const config = (await response.json()) as SignInConfiguration;
  return new UserManager({
    authority: config.issuer,
    client_id: config.clientId,
    scope: config.scope,
    response_type: 'code',
    redirect_uri: `${location.origin}${CALLBACK_PATH}`,
    post_logout_redirect_uri: `${location.origin}${APP_BASE}/`,
    userStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
    automaticSilentRenew: true,
    loadUserInfo: false,
  });
}

/** Who the access token says the user is, for display; the API decides what they may do. */
function signedInUser(user: User): SignedInUser {
  const [, payload] = user.access_token.split('.');
  const claims = payload ? (JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as Record<string, unknown>) : {};
  const list = (value: unknown) => (Array.isArray(value) ? value.map(String) : typeof value === 'string' ? [value] : []);
  return { id: String(claims.sub ?? user.profile.sub), role: list(claims.roles)[0] ?? '', municipalities: list(claims.municipalities) };
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [manager, setManager] = useState<UserManager>();
  const [state, setState] = useState<AuthState>({ status: 'starting' });

  useEffect(() => {
    let cancelled = false;
    void (async () => {
      const userManager = await createUserManager();
      if (cancelled) return;
      const signedIn = (user: User) => {
        currentAccessToken = user.access_token;
        setState({ status: 'signedIn', user: signedInUser(user) });
      };
      const signedOut = (reason?: 'expired' | { failed: string }) => {
        currentAccessToken = undefined;
        setState({ status: 'signedOut', reason });
      };
      userManager.events.addUserLoaded(signedIn);
      userManager.events.addAccessTokenExpired(() => signedOut('expired'));
      userManager.events.addSilentRenewError(() => signedOut('expired'));
      setManager(userManager);
      if (location.pathname === CALLBACK_PATH) {
        try {
          const user = await userManager.signinRedirectCallback();
          const returnTo = typeof user.state === 'string' && user.state.startsWith(`${APP_BASE}/`) ? user.state : `${APP_BASE}/`;
          // The code leaves the address bar and the history at once.
          history.replaceState(null, '', returnTo);
          signedIn(user);
        } catch (error) {
          history.replaceState(null, '', `${APP_BASE}/`);
          signedOut({ failed: error instanceof Error ? error.message : String(error) });
        }
      } else {
        const user = await userManager.getUser();
        if (user && !user.expired) signedIn(user);
        else signedOut();
      }
    })();
    return () => {
      cancelled = true;
    };
  }, []);

  const value = useMemo<AuthContextValue>(
    () => ({
      state,
      signIn: async () => {
        await manager?.signinRedirect({ state: location.pathname === CALLBACK_PATH ? `${APP_BASE}/` : location.pathname });
      },
      signOut: async () => {
        currentAccessToken = undefined;
        await manager?.signoutRedirect();
      },
    }),
    [manager, state],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const context = useContext(AuthContext);
  if (!context) throw new Error('useAuth outside <AuthProvider>');
  return context;
}
