import type { ProgrammesJuriesText } from './juries.fr.ts';

/** The strings of juries, conflicts of interest, assignments and the audit page (English). */
export const programmesJuriesEn: ProgrammesJuriesText = {
  conflicts: {
    types: {
      employee: 'employee',
      investor: 'investor',
      adviser: 'adviser',
      family: 'family tie',
      other: 'other tie',
    },
    relations: {
      invests_in: 'invests in',
      accelerates: 'accelerates or incubates',
      partner_of: 'is a partner of',
      parent_of: 'is the parent company of',
      spin_off_of: 'is a spin-off of',
    },
    sources: {
      register: 'the SIRENE register',
      self: 'an organisation itself',
      staff: 'the hub’s team',
    },
    stages: {
      pre_seed: 'pre-seed',
      seed: 'seed',
      series_a: 'series A',
      series_b: 'series B',
      series_c: 'series C',
      later: 'later round',
      grant: 'grant',
      debt: 'debt',
      other: 'other',
    },
    declared: (org, type, note) =>
      `Declared conflict with “${org}” (${type})${note ? `: ${note}` : ''}`,
    member: (org) => `Member of “${org}”`,
    relation: (via, from, verb, to, who) =>
      `Member of “${via}”, tied: “${from}” ${verb} “${to}” (relation recorded by ${who})`,
    funding: (via, org, date, stage) =>
      `Member of “${via}”, which invested in the round of “${org}” of ${date} (${stage})`,
    merged: (org, into) => ` — “${org}” was merged into “${into}”`,
  },
  declarations: {
    title: 'My conflicts of interest',
    intro:
      'Declare the organisations you have a tie with: you will never be assigned to their applications. The platform also detects the directory’s ties (member, relations, funding rounds).',
    caption: 'Declared conflicts',
    none: 'No conflict declared.',
    organisation: 'Organisation',
    type: 'Kind of tie',
    note: 'Details (optional)',
    declaredAt: 'Declared on',
    actions: 'Actions',
    add: 'Declare a conflict',
    declare: 'Declare',
    remove: 'Remove',
    removeLabel: (org) => `Remove the conflict with “${org}”`,
    problems: {
      organisation: 'Choose an organisation of the directory.',
      type: 'Choose the kind of tie.',
      note: 'Details fit in 2,000 characters.',
      duplicate: 'You already declared a conflict with this organisation.',
    },
    flash: { declared: 'Conflict declared.', removed: 'Conflict removed.' },
  },
  jury: {
    title: (call) => `Jury — ${call}`,
    link: 'Jury',
    members: 'Jury members',
    membersCaption: 'The jury’s members and their load',
    noMembers: 'No member yet.',
    name: 'Name',
    email: 'E-mail address',
    role: 'Role',
    load: 'Applications assigned',
    actions: 'Actions',
    addMember: 'Add a member',
    addMemberHint:
      'The e-mail address of a reviewer, staff or administrator account. A member account is refused.',
    add: 'Add to the jury',
    removeMember: (name) => `Remove ${name} from the jury`,
    remove: 'Remove',
    removeRule:
      'Removing a member also removes their assignments without a submitted review; a member who submitted a review stays on the jury.',
    settings: 'Settings',
    perApplication: 'Reviewers per application',
    perApplicationHint: 'From 1 to 10.',
    saveSettings: 'Save',
    automatic: 'Assign automatically',
    automaticHint:
      'Tops every submitted application, or one under review, up to the number of reviewers wanted, among the members without a conflict, the least loaded first.',
    run: 'Assign automatically',
    applications: 'Applications and reviewers',
    applicationsCaption: 'The applications submitted or under review, and their reviewers',
    noApplications: 'No application submitted or under review.',
    organisation: 'Organisation',
    state: 'State',
    reviewers: 'Reviewers',
    assign: 'Assign',
    reviewer: 'Reviewer',
    assignTo: (org) => `Assign a reviewer to “${org}”`,
    none: 'None',
    flagged: 'Conflict found since the assignment',
    flaggedCount: (n) =>
      n === 1
        ? '1 assignment has a conflict found since: to be reviewed.'
        : `${n} assignments have a conflict found since: to be reviewed.`,
    overridden: 'Conflict overridden by staff',
    removeAssignment: (name) => `Remove the assignment of ${name}`,
    method: { manual: 'by hand', automatic: 'automatic' },
    conflictTitle: 'Assignment refused: conflict of interest',
    conflictIntro: (name, org) => `${name} has these ties with “${org}”:`,
    declaredNoOverride:
      'A conflict the reviewer declared cannot be overridden: they may remove it themselves if it no longer holds.',
    overrideReason: 'Reason to override (required)',
    overrideHint: 'This reason is recorded in the log, with your name.',
    override: 'Override and assign',
    overrideRequired: 'Write the reason to override this conflict.',
    memberRequired: 'Choose a reviewer of the jury.',
    perApplicationInvalid: 'A whole number from 1 to 10.',
    emailRequired: 'Write the e-mail address of an account.',
    lacking: (org, n) =>
      `“${org}”: ${n === 1 ? '1 reviewer is' : `${n} reviewers are`} missing without a conflict.`,
    flash: {
      memberAdded: 'Member added to the jury.',
      memberRemoved: 'Member removed from the jury.',
      settingsSaved: 'Settings saved.',
      assigned: 'Reviewer assigned.',
      unassigned: 'Assignment removed.',
    },
    automaticDone: (n) =>
      n === 0
        ? 'No assignment added: every application had its reviewers, or no member without a conflict was left.'
        : n === 1
          ? '1 assignment added.'
          : `${n} assignments added.`,
  },
  journal: {
    title: (name) => `Log — ${name}`,
    link: 'Log',
    intro:
      'Every change of this application, its assignments and its decisions, in order: each entry is chained to the previous one by its SHA-256 hash.',
    caption: 'The entries of the application’s log',
    none: 'No entry.',
    seq: 'No.',
    when: 'When',
    who: 'Who',
    what: 'What',
    change: 'Before → after',
    hash: 'Hash',
    platform: 'The platform',
    links: 'Jury and log',
    actions: {
      started: 'Application started',
      state: 'Change of state',
      assigned: 'Reviewer assigned',
      conflict_overridden: 'Conflict of interest overridden',
      removed: 'Assignment removed',
    },
  },
};
