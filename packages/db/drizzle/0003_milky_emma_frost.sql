ALTER TABLE `integrations` ADD `failing_since` integer;--> statement-breakpoint
ALTER TABLE `integrations` ADD `retiring_secrets` text DEFAULT '{}' NOT NULL;