/**
 * The inburgering messages in every language Wegwijs ships: Dutch (required), English, Arabic
 * and Tigrinya. Add a language by adding a file with `personWarning` and listing it here.
 */
import type { MultilingualTemplate } from '../../shared/message-templates';
import { ar } from './ar';
import { en } from './en';
import { nl } from './nl';
import { ti } from './ti';

export const INBURGERING_PERSON_WARNING: MultilingualTemplate = {
  nl: nl.personWarning,
  en: en.personWarning,
  ar: ar.personWarning,
  ti: ti.personWarning,
};

export const INBURGERING_KLANTMANAGER_WARNING: MultilingualTemplate = { nl: nl.klantmanagerWarning };

export const INBURGERING_LANGUAGE_SCHOOL_PROGRESS_REQUEST: MultilingualTemplate = { nl: nl.languageSchoolProgressRequest };
