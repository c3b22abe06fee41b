-- 签收 reminders: on the last day of the acknowledgement window, and urging after it passed.
ALTER TYPE "ReminderKind" ADD VALUE 'ACK_DUE';
ALTER TYPE "ReminderKind" ADD VALUE 'ACK_OVERDUE';
