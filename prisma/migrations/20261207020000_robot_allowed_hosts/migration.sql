-- Hosts an administrator allows robot webhooks to reach beyond the platforms' own (outbound policy).
CREATE TABLE "robot_allowed_host" (
    "host" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "robot_allowed_host_pkey" PRIMARY KEY ("host")
);
