// People for the loop tests: an owner of it-helpdesk, an owner of platform, a requester, a person-admin.
import { exampleConfig } from '../helpers';

export const IT_OWNER = 'test-owner-it-helpdesk-01';
export const PLATFORM_OWNER = 'test-owner-platform-0001';
export const REQUESTER = 'test-requester-token-001';
export const PERSON_ADMIN = 'test-person-admin-00001';

export function loopConfig(): Record<string, unknown> {
  return {
    ...exampleConfig(),
    people: [
      { email: 'IT-Ops-Lead@Example.com', name: 'Iris Ops', token: IT_OWNER },
      { email: 'platform-lead@example.com', name: 'Pat Platform', token: PLATFORM_OWNER },
      { email: 'requester@example.com', name: 'Rae Requester', token: REQUESTER },
      { email: 'boss@example.com', name: 'Bo Boss', token: PERSON_ADMIN },
    ],
    admins: ['boss@example.com'],
  };
}
