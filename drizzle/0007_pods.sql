CREATE TABLE "idempotency_keys" (
	"user_id" text NOT NULL,
	"key" text NOT NULL,
	"scope" text NOT NULL,
	"request_hash" text NOT NULL,
	"status_code" integer NOT NULL,
	"response" jsonb,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pod_activation_tokens" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"pod_id" text NOT NULL,
	"user_id" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pod_drafts" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"name" text NOT NULL,
	"offer_id" text NOT NULL,
	"vcpus" real,
	"ram_gb" real,
	"storage_gb" integer NOT NULL,
	"image" text NOT NULL,
	"ports" jsonb NOT NULL,
	"ssh_public_key" text,
	"ssh_key_fingerprint" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pod_status_history" (
	"id" text PRIMARY KEY NOT NULL,
	"pod_id" text NOT NULL,
	"status" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"detail" text
);
--> statement-breakpoint
CREATE TABLE "pods" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"name" text NOT NULL,
	"draft_id" text,
	"mode" text NOT NULL,
	"status" text NOT NULL,
	"status_detail" text,
	"offer_id" text NOT NULL,
	"provider" text NOT NULL,
	"provider_offer_id" text NOT NULL,
	"gpu_model" text NOT NULL,
	"gpu_count" integer NOT NULL,
	"region" text NOT NULL,
	"price_per_hour_micros" bigint NOT NULL,
	"markup_percent" real NOT NULL,
	"storage_per_hour_micros" bigint NOT NULL,
	"max_price_per_hour_micros" bigint NOT NULL,
	"vcpus" real,
	"ram_gb" real,
	"storage_gb" integer NOT NULL,
	"image" text NOT NULL,
	"ports" jsonb NOT NULL,
	"ssh_public_key" text,
	"provider_instance_id" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"tried_offer_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"connection" jsonb,
	"lease_owner" text,
	"lease_until" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"provisioning_started_at" timestamp with time zone,
	"ready_at" timestamp with time zone,
	"activated_at" timestamp with time zone,
	"terminated_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sandbox_instances" (
	"instance_id" text PRIMARY KEY NOT NULL,
	"pod_id" text NOT NULL,
	"provider" text NOT NULL,
	"provider_offer_id" text NOT NULL,
	"state" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"ready_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "user_activity" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"action" text NOT NULL,
	"target_type" text,
	"target_id" text,
	"detail" jsonb,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "pod_activation_tokens" ADD CONSTRAINT "pod_activation_tokens_pod_id_pods_id_fk" FOREIGN KEY ("pod_id") REFERENCES "public"."pods"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pod_status_history" ADD CONSTRAINT "pod_status_history_pod_id_pods_id_fk" FOREIGN KEY ("pod_id") REFERENCES "public"."pods"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "idempotency_keys_user_key_uq" ON "idempotency_keys" USING btree ("user_id","key");--> statement-breakpoint
CREATE INDEX "pod_activation_tokens_pod_idx" ON "pod_activation_tokens" USING btree ("pod_id");--> statement-breakpoint
CREATE INDEX "pod_drafts_user_idx" ON "pod_drafts" USING btree ("user_id","id");--> statement-breakpoint
CREATE INDEX "pod_status_history_pod_idx" ON "pod_status_history" USING btree ("pod_id","at","id");--> statement-breakpoint
CREATE INDEX "pods_user_idx" ON "pods" USING btree ("user_id","id");--> statement-breakpoint
CREATE INDEX "pods_user_status_idx" ON "pods" USING btree ("user_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "sandbox_instances_pod_uq" ON "sandbox_instances" USING btree ("pod_id") WHERE state <> 'terminated';--> statement-breakpoint
CREATE INDEX "user_activity_user_idx" ON "user_activity" USING btree ("user_id","at","id");