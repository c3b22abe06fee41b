import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.service';
import { AcceleratedClock, AuthClock, Clock, SystemClock } from './clock';

@Global()
@Module({
  providers: [
    {
      provide: Clock,
      inject: [AppConfig],
      useFactory: (config: AppConfig): Clock => {
        const virtualStart = config.get('CLOCK_VIRTUAL_START');
        if (!virtualStart) return new SystemClock();
        return new AcceleratedClock(
          new Date(virtualStart),
          config.get('CLOCK_REAL_START') ?? Date.now(),
          config.get('CLOCK_SPEED'),
        );
      },
    },
    { provide: AuthClock, useValue: new SystemClock() },
  ],
  exports: [Clock, AuthClock],
})
export class ClockModule {}
