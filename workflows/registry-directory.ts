/**
 * The registry's state: complaint numbers, the company directory and the open-complaint index,
 * with the rules of the registry updates. Its state is plain data, so it crosses continue-as-new as
 * the workflow input.
 */
import { ErrorCode, rejection } from '../domain/errors.ts';
import type { Actor, CompanySnapshot, ComplaintSummary, Contact } from '../domain/types.ts';
import { isValidEmail } from './complaint-guards.ts';
import { normalizeEmail } from './complaint-state.ts';
import type {
  AcceptEnrollmentInput,
  AddUserInput,
  OpenComplaintInput,
  OpenComplaintResult,
  RegistryCompany,
  RegistryState,
  UserLookup,
} from './messages.ts';

export const FIRST_COMPLAINT_NUMBER = 1001;
/** How many `openComplaint` results are kept, so a repeated request returns its first result. */
export const REMEMBERED_OPENINGS = 200;

export function normalizeCompanyName(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

export function emptyRegistryState(): RegistryState {
  return { nextNumber: FIRST_COMPLAINT_NUMBER, companies: {}, open: {}, recentOpenings: [] };
}

export class RegistryDirectory {
  constructor(readonly state: RegistryState) {}

  companyById(companyId: string): RegistryCompany | undefined {
    return Object.values(this.state.companies).find((entry) => entry.company.id === companyId);
  }

  companyOfUser(email: string): RegistryCompany | undefined {
    const target = normalizeEmail(email);
    return Object.values(this.state.companies).find((entry) =>
      entry.company.users.some((user) => normalizeEmail(user.email) === target),
    );
  }

  findUser(email: string): UserLookup | null {
    const entry = this.companyOfUser(email);
    const user = entry?.company.users.find((candidate) => normalizeEmail(candidate.email) === normalizeEmail(email));
    if (!entry || !user) return null;
    const { company } = entry;
    return { companyId: company.id, companyName: company.name, enrolled: company.enrolled, role: user.role };
  }

  /** Open complaints the actor may see; company users of a company not yet enrolled see no due dates. */
  listOpen(actor: Actor): ComplaintSummary[] {
    const all = Object.values(this.state.open).sort((a, b) => complaintOrder(a.number) - complaintOrder(b.number));
    if (actor.kind === 'agency') return all;
    const entry = this.companyOfUser(actor.email);
    if (!entry) return [];
    const own = all.filter((summary) => summary.companyId === entry.company.id);
    return entry.company.enrolled ? own : own.map(({ nextDueAt: _hidden, ...rest }) => rest);
  }

  openComplaintsOf(companyId: string): ComplaintSummary[] {
    return Object.values(this.state.open).filter((summary) => summary.companyId === companyId);
  }

  previousOpening(key: string): OpenComplaintResult | undefined {
    return this.state.recentOpenings.find((opening) => opening.key === key)?.result;
  }

  rememberOpening(key: string, result: OpenComplaintResult): void {
    this.state.recentOpenings.push({ key, result });
    if (this.state.recentOpenings.length > REMEMBERED_OPENINGS) this.state.recentOpenings.shift();
  }

  checkOpenComplaint(input: OpenComplaintInput): void {
    if (input.actor.kind !== 'agency') {
      throw rejection(ErrorCode.NotAgencyStaff, 'Only agency staff can open complaints.');
    }
    if (input.companyName.trim() === '') throw rejection(ErrorCode.InvalidInput, 'The company name is empty.');
    if (input.summary.trim() === '') throw rejection(ErrorCode.InvalidInput, 'The complaint summary is empty.');
    if (!isValidEmail(input.contact.email)) {
      throw rejection(ErrorCode.InvalidInput, `Contact email "${input.contact.email}" is not a valid email address.`);
    }
    const existing = this.state.companies[normalizeCompanyName(input.companyName)];
    const contactCompany = this.companyOfUser(input.contact.email);
    if (!existing && contactCompany) {
      throw rejection(
        ErrorCode.UserExists,
        `${normalizeEmail(input.contact.email)} is already a user of ${contactCompany.company.name}; a new company needs its own contact.`,
      );
    }
  }

  /**
   * Returns the company named in the request, creating it with the contact as its invited first
   * user when the name is new. For a known company the contact is not used: the invitation and
   * POC requests go to the people the directory already has.
   */
  companyFor(companyName: string, contact: Contact, newId: () => string): { entry: RegistryCompany; created: boolean } {
    const key = normalizeCompanyName(companyName);
    const existing = this.state.companies[key];
    if (existing) return { entry: existing, created: false };

    const invited: Contact = { email: normalizeEmail(contact.email), name: contact.name?.trim() || undefined };
    const company: CompanySnapshot = {
      id: newId(),
      name: companyName.trim().replace(/\s+/g, ' '),
      enrolled: false,
      invited,
      users: [{ email: invited.email, name: invited.name, role: 'User' }],
    };
    const entry: RegistryCompany = { company, invitationStarted: false };
    this.state.companies[key] = entry;
    return { entry, created: true };
  }

  allocateNumber(): string {
    const number = `C-${this.state.nextNumber}`;
    this.state.nextNumber += 1;
    return number;
  }

  /** Applies a complaint's own report; numbers this registry did not open are ignored. */
  updateOpen(summary: ComplaintSummary): void {
    if (this.state.open[summary.number]) this.setOpen(summary);
  }

  removeOpen(number: string): void {
    delete this.state.open[number];
  }

  setOpen(summary: ComplaintSummary): void {
    if (summary.status === 'Closed') delete this.state.open[summary.number];
    else this.state.open[summary.number] = summary;
  }

  checkAcceptEnrollment(input: AcceptEnrollmentInput): RegistryCompany {
    const entry = this.requireCompany(input.companyId);
    const { company } = entry;
    if (input.actor.kind !== 'company' || normalizeEmail(input.actor.email) !== normalizeEmail(company.invited.email)) {
      const who = input.actor.kind === 'company' ? normalizeEmail(input.actor.email) : 'Agency staff';
      throw rejection(
        ErrorCode.NotInvited,
        `${who} was not invited to enroll ${company.name}; only ${company.invited.email} can accept.`,
      );
    }
    if (company.enrolled) throw rejection(ErrorCode.AlreadyEnrolled, `${company.name} is already enrolled.`);
    return entry;
  }

  checkAddUser(input: AddUserInput): RegistryCompany {
    const entry = this.requireCompany(input.companyId);
    const { company } = entry;
    const actorEmail = input.actor.kind === 'company' ? normalizeEmail(input.actor.email) : undefined;
    const actorUser = company.users.find((user) => normalizeEmail(user.email) === actorEmail);
    if (actorUser?.role !== 'ComplaintsContact') {
      throw rejection(ErrorCode.NotComplaintsContact, `Only the Complaints Contact of ${company.name} can add users.`);
    }
    if (!isValidEmail(input.email))
      throw rejection(ErrorCode.InvalidInput, `"${input.email}" is not a valid email address.`);
    const owner = this.companyOfUser(input.email);
    if (owner) {
      throw rejection(
        ErrorCode.UserExists,
        `${normalizeEmail(input.email)} is already a user of ${owner.company.name}.`,
      );
    }
    return entry;
  }

  private requireCompany(companyId: string): RegistryCompany {
    const entry = this.companyById(companyId);
    if (!entry) throw rejection(ErrorCode.CompanyNotFound, `Company ${companyId} was not found.`);
    return entry;
  }
}

function complaintOrder(number: string): number {
  return Number(number.replace(/^C-/, ''));
}
