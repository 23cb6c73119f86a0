import type { DirectoryUser, UserStatus } from '../../src/core/directory-user.ts';

/** A DirectoryUser for pure unit tests, shaped like /work/shared/fixtures/okta/user-provisioned.json. */
export function directoryUser(status: UserStatus, overrides: Partial<DirectoryUser> = {}): DirectoryUser {
  return {
    id: '00u1a2b3c4d5e6f7g8h9',
    status,
    login: 'alice.nguyen@corp.example',
    email: 'alice.nguyen@corp.example',
    displayName: 'Alice Nguyen',
    activated: null,
    transitioningToStatus: null,
    hasPassword: false,
    managerId: '00u9z8y7x6w5v4u3t2s1',
    manager: 'maria.boss@corp.example',
    ...overrides,
  };
}
