/** The `/ses` subcommands: who may use each one, its usage line and its line in `/ses help`. */

export const COMMAND_NAMES = [
  'help',
  'new',
  'ir',
  'sendback',
  'close',
  'status',
  'list',
  'hours',
  'assign-poc',
  'assign-helper',
  'draft',
  'submit',
  'extend',
  'extension',
  'add-user',
  'export',
] as const;

export type CommandName = (typeof COMMAND_NAMES)[number];

/**
 * Group of callers a subcommand is for: `anyone` includes Slack users sesflow does not know, `registered` is agency staff
 * and company users. The workflows still check the finer company roles (POC, helper, Complaints Contact).
 */
export type Audience = 'anyone' | 'registered' | 'agency' | 'company';

export interface CommandSpec {
  name: CommandName;
  audience: Audience;
  usage: string;
  summary: string;
}

export const COMMANDS: Record<CommandName, CommandSpec> = {
  help: {
    name: 'help',
    audience: 'anyone',
    usage: '/ses help [command]',
    summary: 'lists the commands you may use, or the usage of one command',
  },
  new: {
    name: 'new',
    audience: 'agency',
    usage: '/ses new company="Acme Lending" contact="Jane Roe <jane@acme.test>" [ref=<consumer reference>] <summary>',
    summary: 'opens a complaint and invites the company if it is new (no arguments: opens a form)',
  },
  ir: {
    name: 'ir',
    audience: 'agency',
    usage: '/ses ir C-1042 due=2027-01-15 <question>   (or due=10 for 10 business days)',
    summary: 'creates an information request (no arguments: opens a form)',
  },
  sendback: {
    name: 'sendback',
    audience: 'agency',
    usage: '/ses sendback C-1042 IR-1 due=5 <what to update>',
    summary: 'returns a submitted response for updates (no arguments: opens a form)',
  },
  close: {
    name: 'close',
    audience: 'agency',
    usage:
      '/ses close C-1042 reason=explanation [amount=250.00] [visible=yes] <note>   ' +
      '(reasons: explanation, monetary-relief, non-monetary-relief, duplicate, invalid, referred)',
    summary: 'closes a complaint (no arguments: opens a form)',
  },
  status: {
    name: 'status',
    audience: 'registered',
    usage: '/ses status C-1042',
    summary: "shows a complaint's state, information requests, due dates and timeline",
  },
  list: {
    name: 'list',
    audience: 'registered',
    usage: '/ses list',
    summary: 'lists open complaints with their next due dates',
  },
  hours: {
    name: 'hours',
    audience: 'anyone',
    usage: '/ses hours',
    summary: 'shows the current support access level and when it changes next',
  },
  'assign-poc': {
    name: 'assign-poc',
    audience: 'company',
    usage: '/ses assign-poc C-1042 <email>',
    summary: "assigns the complaint's POC (Complaints Contact only)",
  },
  'assign-helper': {
    name: 'assign-helper',
    audience: 'company',
    usage: '/ses assign-helper C-1042 <email>',
    summary: 'adds a helper to the complaint (POC only)',
  },
  draft: {
    name: 'draft',
    audience: 'company',
    usage: '/ses draft C-1042 IR-1 [restricted] <text>',
    summary: 'saves a draft response (POC or helper; only the POC may mark it restricted)',
  },
  submit: {
    name: 'submit',
    audience: 'company',
    usage: '/ses submit C-1042 IR-1',
    summary: 'submits the latest draft as the response (POC only)',
  },
  extend: {
    name: 'extend',
    audience: 'company',
    usage: '/ses extend C-1042 IR-1 days=5 <reason>',
    summary: 'asks the agency for more business days (POC only)',
  },
  extension: {
    name: 'extension',
    audience: 'agency',
    usage:
      '/ses extension C-1042 IR-1 approve [due=2027-01-15|5] [note]   or   /ses extension C-1042 IR-1 deny <reason>',
    summary: 'approves or denies a pending extension request',
  },
  'add-user': {
    name: 'add-user',
    audience: 'company',
    usage: '/ses add-user <email> [name]',
    summary: 'adds a user to your company (Complaints Contact only)',
  },
  export: {
    name: 'export',
    audience: 'agency',
    usage: '/ses export [status=open|closed|all]',
    summary: 'sends you a CSV file of complaints (open by default)',
  },
};

export function isCommandName(value: string): value is CommandName {
  return (COMMAND_NAMES as readonly string[]).includes(value);
}
