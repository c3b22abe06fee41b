-- The watchdog (issue 17): heartbeats of the tick, the sweep, the wave and each queue's workers,
-- and the incidents they open (one alarm each, one "recovered" message when they close).
CREATE TABLE "heartbeat" (
    "component" TEXT NOT NULL,
    "instance" TEXT NOT NULL,
    "beat_at" TIMESTAMPTZ(3) NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "detail" JSONB,
    CONSTRAINT "heartbeat_pkey" PRIMARY KEY ("component", "instance")
);

CREATE TABLE "watchdog_incident" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "open_key" INTEGER,
    "opened_at" TIMESTAMPTZ(3) NOT NULL,
    "closed_at" TIMESTAMPTZ(3),
    "components" JSONB NOT NULL,
    "opened_by" TEXT NOT NULL,
    "closed_by" TEXT,
    CONSTRAINT "watchdog_incident_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "watchdog_incident_open_key_key" ON "watchdog_incident"("open_key");
CREATE INDEX "watchdog_incident_opened_at_idx" ON "watchdog_incident"("opened_at");
