import { Command, CommanderError } from 'commander';
import { registerActivityCommands } from './commands/activities.ts';
import { registerAuthCommands } from './commands/auth.ts';
import { registerBackupCommands } from './commands/backups.ts';
import { registerDeliveryCommands } from './commands/deliveries.ts';
import { registerDomainCommands } from './commands/domains.ts';
import { registerEnvironmentCommands } from './commands/environments.ts';
import { registerHealthCommands } from './commands/health.ts';
import { registerIntegrationActivityCommands } from './commands/integration-activities.ts';
import { registerIntegrationCommands } from './commands/integrations.ts';
import { registerListCommand } from './commands/list.ts';
import { registerProjectCommands } from './commands/projects.ts';
import { registerRouteCommands } from './commands/routes.ts';
import { registerUserCommands } from './commands/users.ts';
import { registerVariableCommands } from './commands/variables.ts';
import { addGlobalOptions, createContext } from './context.ts';
import { readCliEnv } from './env.ts';
import { EXIT } from './errors.ts';

export function buildProgram(): Command {
  const env = readCliEnv();
  const ctx = createContext(env);
  const program = new Command('herald')
    .description("Herald: your project's integrations, from the command line")
    .configureOutput({ writeOut: (text) => process.stdout.write(text) })
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();

  registerProjectCommands(program, ctx);
  registerIntegrationCommands(program, ctx);
  registerIntegrationActivityCommands(program, ctx);
  registerDeliveryCommands(program, ctx);
  registerAuthCommands(program, ctx);
  registerHealthCommands(program, ctx);
  registerEnvironmentCommands(program, ctx);
  registerVariableCommands(program, ctx);
  registerRouteCommands(program, ctx);
  registerDomainCommands(program, ctx);
  registerUserCommands(program, ctx);
  registerBackupCommands(program, ctx);
  registerActivityCommands(program, ctx);
  registerListCommand(program, ctx);
  for (const command of program.commands) addGlobalOptions(command).exitOverride();

  return program;
}

/** Runs the command line given; bin/herald.mjs calls it, tests import `buildProgram` alone. */
export async function main(): Promise<void> {
  try {
    // `herald` alone lists the commands, on stdout, as a successful run.
    const given = process.argv.slice(2);
    const argv = given.length === 0 ? [...process.argv, 'list'] : process.argv;
    await buildProgram().parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are not failures; everything commander refuses is a usage error.
      const fine = ['commander.helpDisplayed', 'commander.help', 'commander.version'];
      process.exitCode = fine.includes(error.code) ? EXIT.ok : EXIT.usage;
      return;
    }
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = EXIT.failed;
  }
}
