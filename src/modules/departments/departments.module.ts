import { Module } from '@nestjs/common';
import { SecurityPolicyModule } from '../auth/security-policy.module';
import { DepartmentsController } from './departments.controller';
import { DepartmentsService } from './departments.service';
import { FirstAccountsService } from './first-accounts.service';
import { PeopleController } from './people.controller';
import { PeopleService } from './people.service';

@Module({
  imports: [SecurityPolicyModule],
  controllers: [DepartmentsController, PeopleController],
  providers: [DepartmentsService, PeopleService, FirstAccountsService],
  exports: [DepartmentsService, PeopleService, FirstAccountsService],
})
export class DepartmentsModule {}
