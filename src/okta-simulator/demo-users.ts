// A ready-made directory covering every Okta status, for demos and the standalone runner.
import type { SimulatorSeedUser } from './types.ts';

/** Okta ids are `00u` + 17 alphanumerics; demo ids are fixed so managerId can point at one. */
function demoId(n: number): string {
  return `00udemo${String(n).padStart(13, '0')}`;
}

const MANAGER_ID = demoId(1);

/**
 * The demo directory (login local parts; all under `domain`):
 *  1 grace.hopper      ACTIVE            the manager (managerId/manager of alice, bob, carol)
 *  2 alice.nguyen      STAGED            no password            -> activate gives PROVISIONED
 *  3 bob.li            STAGED            has a password         -> activate gives ACTIVE
 *  4 carol.diaz        PROVISIONED       new hire who never finished activation
 *  5 dan.okafor        PROVISIONED
 *  6 erin.walsh        PROVISIONED
 *  7 frank.moreau      ACTIVE
 *  8 gina.rossi        RECOVERY          never activated (activated: null)
 *  9 hiro.tanaka       RECOVERY          activated before (a password reset in progress)
 * 10 ivy.chen          PASSWORD_EXPIRED
 * 11 jack.brown        LOCKED_OUT
 * 12 kate.murphy       SUSPENDED
 * 13 liam.oconnor      DEPROVISIONED
 * 14 nora.kim          STAGED            transitioningToStatus ACTIVE (lifecycle calls get 409)
 * 15 sam.taylor        PROVISIONED       email sam.taylor@…  } two logins sharing one email
 * 16 sam.taylor.ext    STAGED            email sam.taylor@…  } (an ambiguous email)
 */
export function demoUsers(domain = 'corp.example'): SimulatorSeedUser[] {
  const at = (local: string): string => `${local}@${domain}`;
  const managed = { managerId: MANAGER_ID, manager: 'Grace Hopper' };
  const sharedEmail = at('sam.taylor');
  return [
    { id: MANAGER_ID, status: 'ACTIVE', login: at('grace.hopper'), hasPassword: true, activated: '2021-03-01T09:00:00.000Z' },
    { id: demoId(2), status: 'STAGED', login: at('alice.nguyen'), ...managed },
    { id: demoId(3), status: 'STAGED', login: at('bob.li'), hasPassword: true, ...managed },
    { id: demoId(4), status: 'PROVISIONED', login: at('carol.diaz'), ...managed },
    { id: demoId(5), status: 'PROVISIONED', login: at('dan.okafor') },
    { id: demoId(6), status: 'PROVISIONED', login: at('erin.walsh') },
    { id: demoId(7), status: 'ACTIVE', login: at('frank.moreau'), hasPassword: true, activated: '2023-06-12T14:00:00.000Z' },
    { id: demoId(8), status: 'RECOVERY', login: at('gina.rossi'), activated: null },
    { id: demoId(9), status: 'RECOVERY', login: at('hiro.tanaka'), hasPassword: true, activated: '2022-11-02T08:15:00.000Z' },
    { id: demoId(10), status: 'PASSWORD_EXPIRED', login: at('ivy.chen'), hasPassword: true, activated: '2022-01-10T10:00:00.000Z' },
    { id: demoId(11), status: 'LOCKED_OUT', login: at('jack.brown'), hasPassword: true, activated: '2022-05-05T12:00:00.000Z' },
    { id: demoId(12), status: 'SUSPENDED', login: at('kate.murphy'), hasPassword: true, activated: '2021-09-09T09:09:00.000Z' },
    { id: demoId(13), status: 'DEPROVISIONED', login: at('liam.oconnor'), activated: '2020-02-20T20:00:00.000Z' },
    { id: demoId(14), status: 'STAGED', login: at('nora.kim'), transitioningToStatus: 'ACTIVE' },
    { id: demoId(15), status: 'PROVISIONED', login: at('sam.taylor'), firstName: 'Sam', lastName: 'Taylor' },
    {
      id: demoId(16),
      status: 'STAGED',
      login: at('sam.taylor.ext'),
      email: sharedEmail,
      firstName: 'Sam',
      lastName: 'Taylor',
    },
  ];
}
