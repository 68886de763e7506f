import type { MessageTemplate } from '../../shared/message-templates';

/** Dutch: plain language (B1), for the person; the klantmanager's version is more direct. */
export const nl: { readonly personWarning: MessageTemplate; readonly klantmanagerWarning: MessageTemplate; readonly languageSchoolProgressRequest: MessageTemplate } = {
  personWarning: {
    subject: 'Let op: uw inburgering moet klaar zijn op {deadline}',
    body:
      'U moet uw inburgeringsexamen halen vóór {deadline}. U heeft daarvoor nog ongeveer {monthsLeft} maanden.\n' +
      'Haalt u het examen niet op tijd? Dan kan DUO u een boete geven van maximaal 1.250 euro. Uw lening van DUO moet u dan misschien ook terugbetalen.\n' +
      'Heeft u hulp nodig? Praat met uw taalschool of met uw klantmanager van de gemeente.',
  },
  klantmanagerWarning: {
    subject: 'Inburgeringstermijn loopt af op {deadline} (traject {trajectoryId})',
    body:
      'De inburgeringstermijn in traject {trajectoryId} eindigt op {deadline}, over ongeveer {monthsLeft} maanden. ' +
      'Er is nog geen diploma of ontheffing geregistreerd.\n' +
      'Bespreek de voortgang met de klant en, met toestemming, met de taalschool. Bij dreigende overschrijding: overweeg een verlenging bij DUO aan te vragen.',
  },
  languageSchoolProgressRequest: {
    subject: 'Verzoek voortgang inburgering (traject {trajectoryId})',
    body:
      'De gemeente ontvangt graag de stand van zaken van de inburgering in traject {trajectoryId}. De inburgeringstermijn eindigt op {deadline}.\n' +
      'De klant heeft toestemming gegeven voor gegevensuitwisseling met de taalschool. Wilt u de voortgang aan de klantmanager melden?',
  },
};
