CREATE SEQUENCE "public"."billing_invoice_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1000 CACHE 1;--> statement-breakpoint
CREATE TABLE "billing_customers" (
	"user_id" text PRIMARY KEY NOT NULL,
	"mode" text NOT NULL,
	"customer_id" text NOT NULL,
	"default_payment_method_id" text,
	"spend_cap_micros" bigint,
	"payment_failed_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "billing_invoices" (
	"id" text PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"user_id" text NOT NULL,
	"mode" text NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"period_start" timestamp with time zone NOT NULL,
	"period_end" timestamp with time zone NOT NULL,
	"lines" jsonb NOT NULL,
	"subtotal_micros" bigint NOT NULL,
	"total_cents" integer NOT NULL,
	"external_id" text,
	"hosted_url" text,
	"subscription_id" text,
	"failure_message" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"issued_at" timestamp with time zone NOT NULL,
	"paid_at" timestamp with time zone,
	"emailed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "billing_payment_methods" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"mode" text NOT NULL,
	"brand" text NOT NULL,
	"last4" text NOT NULL,
	"exp_month" integer NOT NULL,
	"exp_year" integer NOT NULL,
	"charge_failure" text,
	"created_at" timestamp with time zone NOT NULL,
	"detached_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "billing_processed_events" (
	"event_id" text PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"type" text NOT NULL,
	"processed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "billing_spend_alerts" (
	"user_id" text NOT NULL,
	"period" text NOT NULL,
	"threshold" integer NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	CONSTRAINT "billing_spend_alerts_user_id_period_threshold_pk" PRIMARY KEY("user_id","period","threshold")
);
--> statement-breakpoint
CREATE TABLE "billing_subscriptions" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"mode" text NOT NULL,
	"plan" text NOT NULL,
	"interval" text NOT NULL,
	"status" text NOT NULL,
	"payment_method_id" text,
	"current_period_start" timestamp with time zone NOT NULL,
	"current_period_end" timestamp with time zone NOT NULL,
	"cancel_at_period_end" boolean DEFAULT false NOT NULL,
	"price_micros" bigint NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"canceled_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "billing_usage_meters" (
	"pod_id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"pod_name" text NOT NULL,
	"provider" text NOT NULL,
	"gpu_model" text NOT NULL,
	"gpu_count" integer NOT NULL,
	"mode" text NOT NULL,
	"status" text NOT NULL,
	"since" timestamp with time zone NOT NULL,
	"price_per_hour_micros" bigint NOT NULL,
	"markup_percent" real NOT NULL,
	"storage_per_hour_micros" bigint NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "billing_usage_records" (
	"id" text PRIMARY KEY NOT NULL,
	"source_id" text NOT NULL,
	"user_id" text NOT NULL,
	"pod_id" text NOT NULL,
	"pod_name" text NOT NULL,
	"provider" text NOT NULL,
	"gpu_model" text NOT NULL,
	"gpu_count" integer NOT NULL,
	"mode" text NOT NULL,
	"status" text NOT NULL,
	"period" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone NOT NULL,
	"seconds" integer NOT NULL,
	"price_per_hour_micros" bigint NOT NULL,
	"markup_percent" real NOT NULL,
	"storage_per_hour_micros" bigint NOT NULL,
	"compute_micros" bigint NOT NULL,
	"markup_micros" bigint NOT NULL,
	"storage_micros" bigint NOT NULL,
	"amount_micros" bigint NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "billing_customers_customer_idx" ON "billing_customers" USING btree ("customer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "billing_invoices_number_key" ON "billing_invoices" USING btree ("number");--> statement-breakpoint
CREATE UNIQUE INDEX "billing_invoices_period_key" ON "billing_invoices" USING btree ("user_id","period_start") WHERE kind = 'period';--> statement-breakpoint
CREATE UNIQUE INDEX "billing_invoices_subscription_period_key" ON "billing_invoices" USING btree ("subscription_id","period_start") WHERE kind = 'subscription';--> statement-breakpoint
CREATE UNIQUE INDEX "billing_invoices_external_key" ON "billing_invoices" USING btree ("external_id");--> statement-breakpoint
CREATE INDEX "billing_invoices_user_idx" ON "billing_invoices" USING btree ("user_id","issued_at");--> statement-breakpoint
CREATE INDEX "billing_invoices_retry_idx" ON "billing_invoices" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "billing_payment_methods_user_idx" ON "billing_payment_methods" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "billing_subscriptions_one_current" ON "billing_subscriptions" USING btree ("user_id") WHERE status <> 'canceled';--> statement-breakpoint
CREATE INDEX "billing_subscriptions_period_end_idx" ON "billing_subscriptions" USING btree ("status","current_period_end");--> statement-breakpoint
CREATE UNIQUE INDEX "billing_usage_records_source_key" ON "billing_usage_records" USING btree ("source_id","period");--> statement-breakpoint
CREATE INDEX "billing_usage_records_user_idx" ON "billing_usage_records" USING btree ("user_id","started_at");--> statement-breakpoint
CREATE INDEX "billing_usage_records_period_idx" ON "billing_usage_records" USING btree ("period","user_id");