CREATE TABLE "realtime_apigw_connections" (
	"connection_id" text PRIMARY KEY NOT NULL,
	"user_id" text,
	"role" text,
	"plan" text,
	"token_issued_at" bigint,
	"token_expires_at" timestamp with time zone,
	"connected_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "realtime_apigw_subscriptions" (
	"connection_id" text NOT NULL,
	"channel" text NOT NULL,
	"last_seq" bigint NOT NULL,
	"subscribed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "realtime_apigw_subscriptions_connection_id_channel_pk" PRIMARY KEY("connection_id","channel")
);
--> statement-breakpoint
ALTER TABLE "realtime_apigw_subscriptions" ADD CONSTRAINT "realtime_apigw_subscriptions_connection_id_realtime_apigw_connections_connection_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."realtime_apigw_connections"("connection_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "realtime_apigw_connections_expiry_idx" ON "realtime_apigw_connections" USING btree ("token_expires_at") WHERE "realtime_apigw_connections"."token_expires_at" is not null;--> statement-breakpoint
CREATE INDEX "realtime_apigw_connections_anonymous_idx" ON "realtime_apigw_connections" USING btree ("connected_at") WHERE "realtime_apigw_connections"."user_id" is null;--> statement-breakpoint
CREATE INDEX "realtime_apigw_subscriptions_channel_idx" ON "realtime_apigw_subscriptions" USING btree ("channel","last_seq");