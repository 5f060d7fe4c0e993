CREATE TABLE `hook_deliveries` (
	`integration_id` text NOT NULL,
	`delivery_id` text NOT NULL,
	`activity_id` text NOT NULL,
	`received_at` text NOT NULL,
	PRIMARY KEY(`integration_id`, `delivery_id`),
	FOREIGN KEY (`integration_id`) REFERENCES `integrations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `hook_deliveries_received` ON `hook_deliveries` (`integration_id`,`received_at`);