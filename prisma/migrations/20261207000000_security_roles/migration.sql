-- 三员分立: the security administrator and the auditor are roles of their own (DESIGN.md "People").
ALTER TYPE "Role" ADD VALUE IF NOT EXISTS 'SECURITY_ADMIN' AFTER 'ADMIN';
ALTER TYPE "Role" ADD VALUE IF NOT EXISTS 'AUDITOR' AFTER 'SECURITY_ADMIN';
