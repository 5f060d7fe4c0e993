CREATE TABLE `project_users` (
	`project_id` text NOT NULL,
	`user` text NOT NULL,
	`role` text NOT NULL,
	`environment_roles` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`project_id`, `user`),
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `project_users_user` ON `project_users` (`user`);--> statement-breakpoint
ALTER TABLE `api_tokens` ADD `user` text;--> statement-breakpoint
CREATE INDEX `api_tokens_user` ON `api_tokens` (`user`);