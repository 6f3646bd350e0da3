CREATE TABLE "parameter_audit_log" (
	"id" text PRIMARY KEY NOT NULL,
	"pod_id" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_id" text,
	"actor" text NOT NULL,
	"key" text,
	"action" text NOT NULL,
	"old_value" jsonb,
	"new_value" jsonb,
	"request_id" text
);
--> statement-breakpoint
CREATE TABLE "platform_pods" (
	"pod_id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"mode" text DEFAULT 'SANDBOX' NOT NULL,
	"aws_region" text,
	"feature_flags" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pod_parameters" (
	"pod_id" text NOT NULL,
	"key" text NOT NULL,
	"parameter_type" text NOT NULL,
	"sandbox_value" text,
	"live_value" text,
	"description" text,
	"validation" jsonb,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text,
	CONSTRAINT "pod_parameters_pod_id_key_pk" PRIMARY KEY("pod_id","key")
);
--> statement-breakpoint
ALTER TABLE "pod_parameters" ADD CONSTRAINT "pod_parameters_pod_id_platform_pods_pod_id_fk" FOREIGN KEY ("pod_id") REFERENCES "public"."platform_pods"("pod_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "parameter_audit_pod_at_idx" ON "parameter_audit_log" USING btree ("pod_id","at");