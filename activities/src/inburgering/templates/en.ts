import type { MessageTemplate } from '../../shared/message-templates';

/** English paragraph for the person. */
export const en: { readonly personWarning: MessageTemplate } = {
  personWarning: {
    subject: 'Important: finish your civic integration by {deadline}',
    body:
      'You must pass your civic integration exam (inburgering) before {deadline}. You have about {monthsLeft} months left.\n' +
      'If you do not pass in time, DUO can fine you up to 1,250 euros, and you may have to pay back your DUO loan.\n' +
      'Do you need help? Talk to your language school or to your client manager (klantmanager) at the municipality.',
  },
};
