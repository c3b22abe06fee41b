import { HttpStatus, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AppConfig } from '../../config/app-config.service';
import { DomainException } from '../../common/errors/domain.exception';
import { ErrorCode } from '../../common/errors/error-codes';
import { PrismaService } from '../../infra/prisma/prisma.service';
import type { Role } from '../../generated/prisma/enums';
import type { AuthUser } from './auth-user';
import { LoginDto, LoginResponseDto, SessionUserDto } from './dto/login.dto';
import { hashPassword, verifyPassword } from './password';

/** Claims of an access token. `sub` is the person id. */
export interface AccessTokenClaims {
  sub: string;
  username: string;
  role: Role;
  departmentId: string | null;
}

export const JWT_ALGORITHM = 'HS256';

const invalidCredentials = () =>
  new DomainException(ErrorCode.INVALID_CREDENTIALS, '用户名或密码错误', HttpStatus.UNAUTHORIZED);

export const unauthenticated = () =>
  new DomainException(ErrorCode.UNAUTHENTICATED, '请先登录', HttpStatus.UNAUTHORIZED);

const accountDisabled = () =>
  new DomainException(
    ErrorCode.ACCOUNT_DISABLED,
    '该账号已停用,请联系管理员',
    HttpStatus.UNAUTHORIZED,
  );

const personWithDepartment = {
  id: true,
  username: true,
  displayName: true,
  role: true,
  active: true,
  departmentId: true,
  passwordHash: true,
  department: { select: { id: true, name: true } },
} as const;

@Injectable()
export class AuthService {
  /** Compared against when the username is unknown, so both failures take the same time. */
  private decoyHash?: Promise<string>;

  constructor(
    private readonly prisma: PrismaService,
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
  ) {}

  async login(dto: LoginDto): Promise<LoginResponseDto> {
    const person = await this.prisma.person.findUnique({
      where: { username: dto.username },
      select: personWithDepartment,
    });
    const stored = person?.passwordHash ?? (await (this.decoyHash ??= hashPassword('decoy')));
    const ok = await verifyPassword(dto.password, stored);
    if (!person || !ok) throw invalidCredentials();
    if (!person.active) throw accountDisabled();

    const expiresIn = this.config.get('JWT_TTL_SECONDS');
    const claims: AccessTokenClaims = {
      sub: person.id,
      username: person.username,
      role: person.role,
      departmentId: person.departmentId,
    };
    const accessToken = await this.jwt.signAsync(claims);
    return { accessToken, tokenType: 'Bearer', expiresIn, user: toSessionUser(person) };
  }

  /**
   * Resolves a bearer token to the caller. The person row is read on every request so that
   * disabling an account or moving a person to another department takes effect at once.
   */
  async authenticate(token: string): Promise<AuthUser> {
    let claims: AccessTokenClaims;
    try {
      claims = await this.jwt.verifyAsync<AccessTokenClaims>(token, {
        algorithms: [JWT_ALGORITHM],
      });
    } catch {
      throw unauthenticated();
    }
    if (typeof claims.sub !== 'string' || !/^[0-9a-f-]{36}$/i.test(claims.sub)) {
      throw unauthenticated();
    }
    const person = await this.prisma.person.findUnique({
      where: { id: claims.sub },
      select: { id: true, username: true, role: true, departmentId: true, active: true },
    });
    if (!person) throw unauthenticated();
    if (!person.active) throw accountDisabled();
    return {
      id: person.id,
      username: person.username,
      role: person.role,
      departmentId: person.departmentId,
    };
  }

  async me(user: AuthUser): Promise<SessionUserDto> {
    const person = await this.prisma.person.findUnique({
      where: { id: user.id },
      select: personWithDepartment,
    });
    if (!person) throw unauthenticated();
    return toSessionUser(person);
  }
}

function toSessionUser(person: {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  department: { id: string; name: string } | null;
}): SessionUserDto {
  return {
    id: person.id,
    username: person.username,
    displayName: person.displayName,
    role: person.role,
    department: person.department
      ? { id: person.department.id, name: person.department.name }
      : null,
  };
}
