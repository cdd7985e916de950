/**
 * The app's own demo endpoints (app/api/demo/*), which the seeded demo masteries call. They are reached
 * even on a private address, so the demo runs out of the box without opening private networks: only
 * exactly `<app origin>/api/demo/<name>`, a plain lower-case name, no credentials in the URL, so no
 * spelling (dot segments, encoded slashes) leads anywhere else on the app or the machine.
 */
const DEMO_PATH = /^\/api\/demo\/[a-z]+$/;

export function isAppDemoEndpoint(url: URL, appOrigin: string | undefined): boolean {
  if (appOrigin === undefined || url.username !== '' || url.password !== '') return false;
  return url.origin === new URL(appOrigin).origin && DEMO_PATH.test(url.pathname);
}
