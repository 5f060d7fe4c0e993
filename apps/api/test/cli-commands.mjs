// Prints the herald CLI's commands as JSON, read from its program, so a test can walk every
// command. A child process that loads the CLI by path, as the tests run it: the API has no
// dependency on the CLI.
import { register } from 'tsx/esm/api';

register();
const { buildProgram } = await import('../../cli/src/main.ts');
const commands = buildProgram().commands.map((command) => ({
  name: command.name(),
  options: command.options.map((option) => option.long),
  required: command.registeredArguments.filter((argument) => argument.required).length,
}));
process.stdout.write(JSON.stringify(commands));
