/**
 * Resolves who sent a Slack request: agency staff by configured user id or email domain, a company
 * user by the email on their Slack profile, or an unknown user.
 */
import type { WebClient } from '@slack/web-api';
import { ErrorCode } from '../../domain/errors.ts';
import type { Actor } from '../../domain/types.ts';
import type { AgencyStaff } from '../../lib/config.ts';
import type { Logger } from '../../lib/log.ts';
import type { UserLookup } from '../../workflows/messages.ts';
import { GatewayError } from '../gateway.ts';
import type { SlackGateway } from './slack-gateway.ts';

export interface SlackProfile {
  userId: string;
  email?: string;
  name?: string;
}

export type Caller =
  | { role: 'agency'; actor: Extract<Actor, { kind: 'agency' }>; profile: SlackProfile }
  | { role: 'company'; actor: Extract<Actor, { kind: 'company' }>; company: UserLookup; profile: SlackProfile }
  | { role: 'unknown'; profile: SlackProfile; pendingCompany?: string };

/** Thrown when Slack's `users.info` fails for a caller who is not listed as staff by user id. */
export class ProfileLookupError extends Error {
  override name = 'ProfileLookupError';
}

/** How long a `users.info` result is reused; profile email changes take at most this long to apply. */
export const PROFILE_CACHE_MS = 5 * 60_000;
const PROFILE_CACHE_MAX_ENTRIES = 5_000;

export class CallerResolver {
  private readonly profiles = new Map<string, { profile: SlackProfile; expiresAt: number }>();

  constructor(
    private readonly client: WebClient,
    private readonly staff: AgencyStaff,
    private readonly gateway: Pick<SlackGateway, 'findUser'>,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  async resolve(userId: string): Promise<Caller> {
    const listed = this.staff.userIds.has(userId);
    let profile: SlackProfile;
    try {
      profile = await this.profile(userId);
    } catch (error) {
      this.log.warn({ err: error, slackUserId: userId }, 'users.info failed');
      if (listed) return { role: 'agency', actor: { kind: 'agency', slackUserId: userId }, profile: { userId } };
      throw new ProfileLookupError(`users.info failed for ${userId}`, { cause: error });
    }

    const domain = profile.email?.split('@')[1];
    if (listed || (domain && this.staff.domains.has(domain))) {
      const actor = { kind: 'agency' as const, slackUserId: userId, ...(profile.name ? { name: profile.name } : {}) };
      return { role: 'agency', actor, profile };
    }
    if (!profile.email) return { role: 'unknown', profile };

    const company = await this.findCompanyUser(profile.email);
    if (!company) return { role: 'unknown', profile };
    if (!company.enrolled) return { role: 'unknown', profile, pendingCompany: company.companyName };
    return { role: 'company', actor: { kind: 'company', email: profile.email, via: 'slack' }, company, profile };
  }

  private async profile(userId: string): Promise<SlackProfile> {
    const cached = this.profiles.get(userId);
    if (cached && cached.expiresAt > this.now()) return cached.profile;

    const result = await this.client.users.info({ user: userId });
    const email = result.user?.profile?.email?.trim().toLowerCase();
    const name = result.user?.profile?.real_name || result.user?.real_name || result.user?.name;
    const profile: SlackProfile = { userId, ...(email ? { email } : {}), ...(name ? { name } : {}) };

    if (this.profiles.size >= PROFILE_CACHE_MAX_ENTRIES) this.dropExpired();
    this.profiles.set(userId, { profile, expiresAt: this.now() + PROFILE_CACHE_MS });
    return profile;
  }

  private async findCompanyUser(email: string): Promise<UserLookup | null> {
    try {
      return await this.gateway.findUser(email);
    } catch (error) {
      // The registry workflow starts with the first complaint; before that no company user exists.
      if (error instanceof GatewayError && error.code === ErrorCode.ComplaintNotFound) return null;
      throw error;
    }
  }

  private dropExpired(): void {
    const now = this.now();
    for (const [userId, entry] of this.profiles) {
      if (entry.expiresAt <= now) this.profiles.delete(userId);
    }
    // Still full of fresh entries: start over rather than grow without bound.
    if (this.profiles.size >= PROFILE_CACHE_MAX_ENTRIES) this.profiles.clear();
  }
}
