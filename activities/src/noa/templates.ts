/**
 * The NOA invitation for the person: Dutch plus their own language where a template exists.
 * Arabic and Tigrinya to be reviewed by a native speaker before production use.
 */
import type { MultilingualTemplate } from '../shared/message-templates';

export const NOA_INVITATION: MultilingualTemplate = {
  nl: {
    subject: 'Uitnodiging NOA-assessment op {date}',
    body:
      'U bent uitgenodigd voor het NOA-assessment op {date} om {time} uur. Het gesprek is in uw eigen taal.\n' +
      'Kunt u niet komen? Bel dan zo snel mogelijk uw klantmanager.',
  },
  en: {
    subject: 'Invitation: NOA assessment on {date}',
    body: 'You are invited to the NOA assessment on {date} at {time}. It is held in your own language.\nIf you cannot come, please call your client manager as soon as possible.',
  },
  ar: {
    subject: 'دعوة: تقييم NOA بتاريخ {date}',
    body: 'أنت مدعو إلى تقييم NOA بتاريخ {date} في الساعة {time}. يجري التقييم بلغتك.\nإذا لم تستطع الحضور، اتصل بمسؤول ملفك (klantmanager) في أقرب وقت ممكن.',
  },
  ti: {
    subject: 'ዕድመ፦ ገምጋም NOA ብ{date}',
    body: 'ናብ ገምጋም NOA ብ{date} ሰዓት {time} ተዓዲምካ ኣለኻ። ብቋንቋኻ እዩ ዝካየድ።\nክትመጽእ እንተዘይክኢልካ፡ ብዝቐልጠፈ ንklantmanager ደውል።',
  },
};

export const NOA_FOLLOW_UP_TALK_INVITATION_VWN: MultilingualTemplate = {
  nl: {
    subject: 'Uitnodiging nabespreking NOA-assessment (traject {trajectoryId})',
    body:
      'Het NOA-assessment in traject {trajectoryId} is afgenomen. De klantmanager nodigt Vluchtelingenwerk uit voor de nabespreking ' +
      'met de klant, waarin het plan van aanpak wordt gemaakt. De klantmanager neemt contact op over datum en tijd.',
  },
};

export const NOA_SECOND_NO_SHOW_KLANTMANAGER: MultilingualTemplate = {
  nl: {
    subject: 'Twee keer niet verschenen bij NOA-assessment (traject {trajectoryId})',
    body: 'In traject {trajectoryId} is de klant twee keer niet verschenen bij het NOA-assessment. Er staat een taak voor u klaar om contact op te nemen.',
  },
};
