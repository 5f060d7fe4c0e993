CREATE TABLE `health_states` (
	`project_id` text NOT NULL,
	`environment` text NOT NULL,
	`service` text NOT NULL,
	`metric` text NOT NULL,
	`state` text NOT NULL,
	`used` integer NOT NULL,
	`total` integer NOT NULL,
	`reported_at` text NOT NULL,
	`changed_at` text NOT NULL,
	PRIMARY KEY(`project_id`, `environment`, `service`, `metric`),
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade
);
