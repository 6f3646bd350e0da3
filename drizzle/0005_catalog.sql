CREATE TABLE "catalog_providers" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"supports_provisioning" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'healthy' NOT NULL,
	"circuit" text DEFAULT 'closed' NOT NULL,
	"last_sync_at" timestamp with time zone,
	"last_success_at" timestamp with time zone,
	"last_error" text,
	"consecutive_failures" integer DEFAULT 0 NOT NULL,
	"last_sync_ms" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "offer_price_history" (
	"offer_id" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"price_micros" bigint NOT NULL,
	CONSTRAINT "offer_price_history_offer_id_at_pk" PRIMARY KEY("offer_id","at")
);
--> statement-breakpoint
CREATE TABLE "offers" (
	"id" text PRIMARY KEY NOT NULL,
	"provider" text NOT NULL,
	"provider_offer_id" text NOT NULL,
	"gpu_model" text NOT NULL,
	"gpu_raw_name" text NOT NULL,
	"gpu_mapped" boolean NOT NULL,
	"gpu_count" integer NOT NULL,
	"gpu_vram_gb" real NOT NULL,
	"vcpus" real NOT NULL,
	"ram_gb" real NOT NULL,
	"storage_gb" real NOT NULL,
	"region" text NOT NULL,
	"country" text,
	"spot" boolean NOT NULL,
	"availability" text NOT NULL,
	"price_micros" bigint NOT NULL,
	"performance_score" double precision NOT NULL,
	"source" text NOT NULL,
	"first_seen_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "unmapped_gpus" (
	"provider" text NOT NULL,
	"raw_name" text NOT NULL,
	"vram_gb" real,
	"offers_count" integer NOT NULL,
	"first_seen_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	CONSTRAINT "unmapped_gpus_provider_raw_name_pk" PRIMARY KEY("provider","raw_name")
);
--> statement-breakpoint
ALTER TABLE "offer_price_history" ADD CONSTRAINT "offer_price_history_offer_id_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."offers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "offers_provider_offer_uq" ON "offers" USING btree ("provider","provider_offer_id");