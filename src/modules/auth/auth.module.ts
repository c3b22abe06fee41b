import { Module } from '@nestjs/common';
import { createSecretKey } from 'node:crypto';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import { AppConfig } from '../../config/app-config.service';
import { AccessPolicyService } from './access-policy.service';
import { AuthController } from './auth.controller';
import { AuthService, JWT_ALGORITHM } from './auth.service';
import { JwtAuthGuard, RolesGuard } from './guards';
import { LockoutService } from './lockout.service';
import { PasswordsService } from './passwords.service';
import { PersonCache } from './person-cache';
import { SecondFactorService } from './second-factor.service';
import { SecurityPolicyModule } from './security-policy.module';
import { SessionsService } from './sessions.service';
import { ScopeGuard } from './scope.decorator';
import {
  LOGIN_ATTEMPTS_PER_MINUTE,
  LOGIN_THROTTLER,
  LoginThrottlerGuard,
} from './login-throttler.guard';

@Module({
  imports: [
    SecurityPolicyModule,
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        // A KeyObject, not the string: given a string, jsonwebtoken first tries (and fails) to read
        // it as a PEM public key on every verification, about 1 ms of CPU per request.
        secret: createSecretKey(Buffer.from(config.get('JWT_SECRET'))),
        signOptions: { algorithm: JWT_ALGORITHM, expiresIn: config.get('JWT_TTL_SECONDS') },
        verifyOptions: { algorithms: [JWT_ALGORITHM] },
      }),
    }),
    ThrottlerModule.forRoot([
      { name: LOGIN_THROTTLER, ttl: 60_000, limit: LOGIN_ATTEMPTS_PER_MINUTE },
    ]),
  ],
  controllers: [AuthController],
  providers: [
    AuthService,
    PersonCache,
    SessionsService,
    LockoutService,
    PasswordsService,
    SecondFactorService,
    AccessPolicyService,
    LoginThrottlerGuard,
    // Order matters: authentication sets request.user, then roles are checked against it.
    { provide: APP_GUARD, useClass: JwtAuthGuard },
    { provide: APP_GUARD, useClass: RolesGuard },
    // Gives each request its scope, resolved on first use (@CurrentScope()).
    { provide: APP_GUARD, useClass: ScopeGuard },
  ],
  exports: [
    AccessPolicyService,
    AuthService,
    SessionsService,
    LockoutService,
    PasswordsService,
    SecondFactorService,
    PersonCache,
    SecurityPolicyModule,
  ],
})
export class AuthModule {}
