import { Global, Module } from '@nestjs/common';
import { CalendarAdminService } from './calendar-admin.service';
import { CalendarChangeListeners } from './calendar-change';
import { CalendarController } from './calendar.controller';
import { CalendarService } from './calendar.service';

/** Global leaf module: every service reads `CalendarService.current()`; it imports no domain module. */
@Global()
@Module({
  controllers: [CalendarController],
  providers: [CalendarService, CalendarAdminService, CalendarChangeListeners],
  exports: [CalendarService, CalendarChangeListeners],
})
export class CalendarModule {}
