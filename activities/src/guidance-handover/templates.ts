/** Messages between the professionals of the guidance handover (Dutch only: no message to the person here). */
import type { MultilingualTemplate } from '../shared/message-templates';

export const GUIDANCE_START_VWN: MultilingualTemplate = {
  nl: {
    subject: 'Start maatschappelijke begeleiding (traject {trajectoryId})',
    body: 'Wilt u de maatschappelijke begeleiding in traject {trajectoryId} starten? De begeleiding loopt tot {endsOn}, 24 maanden na huisvesting.',
  },
};

export const HANDOVER_MEETING_INVITATION: MultilingualTemplate = {
  nl: {
    subject: 'Warme overdracht Vluchtelingenwerk → Sociaal Wijkteam plannen (traject {trajectoryId})',
    body:
      'De begeleiding door Vluchtelingenwerk in traject {trajectoryId} eindigt op {meetBefore}. Plan vóór die datum een overdrachtsgesprek ' +
      'met de klant, Vluchtelingenwerk en het Sociaal Wijkteam. Een telefoonnummer of folder geven is niet genoeg: de overdracht is warm.',
  },
};

export const HANDOVER_ACCEPTANCE_REQUEST: MultilingualTemplate = {
  nl: {
    subject: 'Overdracht accepteren vóór {acceptBy} (traject {trajectoryId})',
    body: 'Vluchtelingenwerk heeft traject {trajectoryId} aan het Sociaal Wijkteam overgedragen. Wilt u de overdracht vóór {acceptBy} accepteren in Wegwijs?',
  },
};
