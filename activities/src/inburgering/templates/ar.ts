import type { MessageTemplate } from '../../shared/message-templates';

/** Arabic paragraph for the person. To be reviewed by a native speaker before production use. */
export const ar: { readonly personWarning: MessageTemplate } = {
  personWarning: {
    subject: 'هام: يجب إنهاء الاندماج (inburgering) قبل {deadline}',
    body:
      'يجب عليك اجتياز امتحان الاندماج (inburgering) قبل {deadline}. تبقّى لديك حوالي {monthsLeft} شهرًا.\n' +
      'إذا لم تنجح في الوقت المحدد، يمكن أن تفرض عليك DUO غرامة تصل إلى 1250 يورو، وقد يتوجب عليك أيضًا سداد قرض DUO.\n' +
      'هل تحتاج إلى مساعدة؟ تحدّث مع مدرسة اللغة أو مع مسؤول ملفك (klantmanager) في البلدية.',
  },
};
