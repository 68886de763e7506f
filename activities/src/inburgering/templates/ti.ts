import type { MessageTemplate } from '../../shared/message-templates';

/** Tigrinya paragraph for the person. To be reviewed by a native speaker before production use. */
export const ti: { readonly personWarning: MessageTemplate } = {
  personWarning: {
    subject: 'ኣገዳሲ፦ ምውህሃድ (inburgering) ቅድሚ {deadline} ክትውድእ ኣለካ',
    body:
      'ፈተና ምውህሃድ (inburgering) ቅድሚ {deadline} ክትሓልፍ ኣለካ። ዝተረፈካ ግዜ ከባቢ {monthsLeft} ኣዋርሕ እዩ።\n' +
      'ኣብ ግዜኡ እንተዘይሓሊፍካ፡ DUO ክሳብ 1250 ዩሮ ክቐጽዓካ ይኽእል፡ ልቓሕ DUO ውን ክትመልስ ትግደድ ትኸውን።\n' +
      'ሓገዝ የድልየካ ድዩ? ምስ ቤት ትምህርቲ ቋንቋኻ ወይ ምስ klantmanager ናይ ምምሕዳር ከተማ ተዘራረብ።',
  },
};
