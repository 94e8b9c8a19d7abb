/**
 * People and roles (DESIGN.md, "People, roles and sign-in"). A person is a lower-cased e-mail;
 * the configuration is the embedded way to know one (`people[]`, each with a personal token).
 * OIDC sign-in adds another way to become a `Person`; every check below stays the same.
 */
import { z } from 'zod';

const email = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email('must be an e-mail address'));

export const PersonConfig = z.object({
  email,
  name: z.string().trim().min(1, 'must not be empty').max(200),
  token: z.string().min(16, 'must be at least 16 characters'),
});

export const PeopleConfig = {
  people: z.array(PersonConfig).default([]),
  /** People (by e-mail) who act as admins besides the admin token. */
  admins: z.array(email).default([]),
};

export interface Person {
  email: string;
  name: string;
}

/** Who made a request. `roles` is what routes check; `name` keys rate limits and is never a token. */
export interface Identity {
  person?: Person;
  roles: readonly Role[];
  name: string;
}

export type Role = 'admin' | 'ingest' | 'person';

/** The role set of a known person: always `person`, plus `admin` when listed in `admins`. */
export function personIdentity(person: Person, admins: readonly string[]): Identity {
  const roles: Role[] = admins.includes(person.email) ? ['person', 'admin'] : ['person'];
  return { person, roles, name: `person:${person.email}` };
}

export const isAdmin = (identity: Identity) => identity.roles.includes('admin');

interface OwnedService {
  id: string;
  owners: readonly string[];
}

/** Service ids this identity may act on as an owner; `null` means every service (an admin). */
export function ownedServices(identity: Identity, services: readonly OwnedService[]): Set<string> | null {
  if (isAdmin(identity)) return null;
  const email = identity.person?.email;
  if (!email) return new Set();
  return new Set(services.filter((service) => service.owners.some((owner) => owner.toLowerCase() === email)).map((s) => s.id));
}

export function mayOwn(identity: Identity, services: readonly OwnedService[], serviceId: string | null): boolean {
  const owned = ownedServices(identity, services);
  return owned === null || (serviceId !== null && owned.has(serviceId));
}

/** The name shown next to a reply or improvement. */
export const authorName = (identity: Identity) => identity.person?.name ?? 'Admin';
/** Who did it, for the audit trail. */
export const actorOf = (identity: Identity) => identity.person?.email ?? 'admin-token';

/** Cross-field problems, in the `path: problem` form of the config loader. */
export function peopleProblems(raw: Record<string, unknown>, otherTokens: readonly unknown[]): string[] {
  const problems: string[] = [];
  const people = Array.isArray(raw.people) ? (raw.people as Record<string, unknown>[]) : [];
  const emails = new Set<string>();
  const tokens = new Set(otherTokens.filter((token) => typeof token === 'string'));
  people.forEach((person, index) => {
    const address = typeof person?.email === 'string' ? person.email.trim().toLowerCase() : undefined;
    if (address !== undefined && emails.has(address)) problems.push(`people[${index}].email: duplicate e-mail "${address}"`);
    if (address !== undefined) emails.add(address);
    if (typeof person?.token === 'string') {
      if (tokens.has(person.token)) problems.push(`people[${index}].token: already used by another token`);
      tokens.add(person.token);
    }
  });
  return problems;
}
