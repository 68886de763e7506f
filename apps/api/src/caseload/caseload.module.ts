import { Module } from '@nestjs/common';
import { CaseloadController } from './caseload.controller';

/** Who holds a case (reassignment by a supervisor) and who has looked at it (the access log, for the privacy officer). */
@Module({ controllers: [CaseloadController] })
export class CaseloadModule {}
