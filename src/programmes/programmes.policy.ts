import {
  actsAsMember,
  anyone,
  definePolicy,
  isReviewerOrStaff,
  isStaff,
  signedIn,
} from '../kernel/policy.ts';

/** Who may do what with programmes, calls and applications. */
export const programmesPolicy = definePolicy({
  /** the calls and their forms are public */
  readCalls: anyone,
  /** staff set programmes, calls and forms up */
  manage: isStaff,
  /** a signed-in person reaches the applications' routes; the organisation is checked next */
  apply: signedIn,
  /** applying for, and acting on, an organisation's application: its verified members */
  actFor: actsAsMember,
  /** reading an application: its organisation's verified members, and staff */
  read: (actor, resource: { member: boolean }) => actsAsMember(actor, resource) || isStaff(actor),
  /** the jury's pages: reviewers, and staff; each application is checked next (assigned?) */
  jury: isReviewerOrStaff,
  /** an application's jury work: a reviewer assigned to it, or staff */
  readAsJury: (actor, resource: { assigned: boolean }) => resource.assigned || isStaff(actor),
});
