import { ErrorCode } from '../../common/errors/error-codes';
import { CliError } from '../cli.errors';
import type { PgTool, PgToolName } from './pg-tools';

// The refusals of `duban db backup` and `duban db restore`, for the operator at a terminal.

/** Stable codes of the backup commands (printed as `错误 [CODE]: …`, exit code 2). */
export const BackupErrorCode = {
  TOOL_MISSING: 'BACKUP_TOOL_MISSING',
  TOOL_FAILED: 'BACKUP_TOOL_FAILED',
  TARGET_EXISTS: 'BACKUP_TARGET_EXISTS',
  NOT_A_BACKUP: 'BACKUP_NOT_FOUND',
  CORRUPT: 'BACKUP_CORRUPT',
  TARGET_NOT_EMPTY: 'RESTORE_TARGET_NOT_EMPTY',
  CREATE_DENIED: 'RESTORE_CREATE_DENIED',
  APP_ROLE_MISSING: 'RESTORE_APP_ROLE_MISSING',
  COUNTS_DIFFER: 'RESTORE_COUNTS_DIFFER',
  FILE_CONFLICT: 'RESTORE_FILE_CONFLICT',
} as const;

export const pgToolMissing = (name: PgToolName, serverMajor: number, found: PgTool[]) =>
  new CliError(
    BackupErrorCode.TOOL_MISSING,
    `找不到可用的 ${name}:需要 PostgreSQL ${serverMajor} 或更新版本(不低于服务器的主版本);` +
      `找到的是:${found.map((t) => `${t.path} ${t.version}`).join('、') || '无'}。` +
      `请安装 postgresql-client-${serverMajor}(或更新版本)`,
  );

export const pgToolFailed = (tool: PgTool, detail: string) =>
  new CliError(BackupErrorCode.TOOL_FAILED, `${tool.path}(${tool.version})执行失败:${detail}`);

export const databaseUnreachable = (where: string, detail: string) =>
  new CliError(ErrorCode.DATABASE_UNAVAILABLE, `无法连接数据库 ${where}:${detail}`);

export const backupTargetExists = (dir: string) =>
  new CliError(
    BackupErrorCode.TARGET_EXISTS,
    `备份目录“${dir}”已存在且不是空的;每次备份请写入一个新目录`,
  );

export const notABackup = (dir: string, missing: string) =>
  new CliError(
    BackupErrorCode.NOT_A_BACKUP,
    `“${dir}”不是完整的 duban 备份:缺少 ${missing}(应由 duban db backup 生成)`,
  );

export const backupCorrupt = (file: string) =>
  new CliError(
    BackupErrorCode.CORRUPT,
    `备份中的“${file}”与清单(manifest.json)记录的 SHA-256 不符:备份已损坏,请换用另一份备份`,
  );

export const restoreTargetNotEmpty = (database: string, objects: number) =>
  new CliError(
    BackupErrorCode.TARGET_NOT_EMPTY,
    `数据库“${database}”不是空的(已有 ${objects} 个对象),恢复只写入空库;` +
      '确认要删除其中全部数据并用备份替换时,加 --force',
  );

export const createDatabaseDenied = (database: string, role: string, detail: string) =>
  new CliError(
    BackupErrorCode.CREATE_DENIED,
    `无法创建数据库“${database}”(${detail}):请由数据库管理员先建一个空库,` +
      `例如 CREATE DATABASE "${database}" OWNER "${role}";,再运行本命令`,
  );

export const appRoleMissing = (role: string) =>
  new CliError(
    BackupErrorCode.APP_ROLE_MISSING,
    `应用角色“${role}”在该 PostgreSQL 中不存在(角色不在备份里):请先创建它(见 README 的部署说明),` +
      '或用 --app-role 指定服务连接所用的角色',
  );

export const restoredCountsDiffer = (tables: string[]) =>
  new CliError(
    BackupErrorCode.COUNTS_DIFFER,
    `恢复后的行数与备份清单不符:${tables.join('、')};请勿使用该库,检查 pg_restore 的输出后重试`,
  );

export const restoreFileConflict = (file: string) =>
  new CliError(
    BackupErrorCode.FILE_CONFLICT,
    `目标目录中已有同名但内容不同的文件“${file}”;确认用备份中的文件覆盖时,加 --force`,
  );
