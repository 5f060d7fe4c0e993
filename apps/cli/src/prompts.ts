import type { Readable, Writable } from 'node:stream';
import { CliError, EXIT } from './errors.ts';

/** One question in the platform CLI's block form (see askField). */
export interface FieldQuestion {
  /** "Events to report" */
  label: string;
  /** "events": shown as "(--events)" so the user learns the option for next time. */
  option: string;
  description: string;
  /** Shown as "Default: …" and taken when the answer is left blank. */
  defaultText?: string;
  /** How to answer, e.g. "Enter comma-separated values (or leave this blank)". */
  hint?: string;
  /** Typed characters show as `*`. */
  secret?: boolean;
  /** A message to show under the prompt and ask again, or true to accept. */
  validate?: (answer: string) => string | true;
}

export interface Choice<T> {
  name: string;
  value: T;
  description?: string;
}

/**
 * How commands ask people things. The terminal implementation drives @inquirer prompts on
 * stderr; anything else (a test double, a future GUI) can stand in through CliContext.
 */
export interface Prompter {
  /** The answer as typed, '' when left blank. */
  askField(question: FieldQuestion): Promise<string>;
  choose<T>(message: string, choices: Choice<T>[], defaultValue?: T): Promise<T>;
  confirm(message: string, defaultValue: boolean): Promise<boolean>;
}

export interface PromptStreams {
  input: Readable;
  output: Writable;
  color: boolean;
}

const RED = (text: string) => `\u001b[31m${text}\u001b[39m`;
const CYAN = (text: string) => `\u001b[36m${text}\u001b[39m`;
const plain = (text: string) => text;

/** The lines above the "> " prompt: label with option, meaning, default, how to answer. */
export function questionLines(question: FieldQuestion): string[] {
  return [
    `${question.label} (--${question.option})`,
    question.description,
    ...(question.defaultText ? [`Default: ${question.defaultText}`] : []),
    ...(question.hint ? [question.hint] : []),
  ];
}

/**
 * Prompts on a terminal. The prompt libraries are loaded on first use: most commands never
 * ask anything, and the CLI starts faster without them.
 */
export function createTerminalPrompter(streams: PromptStreams): Prompter {
  const context = { input: streams.input, output: streams.output };
  const error = streams.color ? RED : plain;
  const highlight = streams.color ? CYAN : plain;
  const theme = {
    prefix: { idle: '?', done: '?' },
    style: {
      message: plain,
      answer: highlight,
      highlight,
      error: (text: string) => error(`> ${text}`),
      defaultAnswer: (text: string) => `(${text})`,
      help: plain,
      description: plain,
      keysHelpTip: () => undefined,
    },
  };

  return {
    async askField(question) {
      const { askField } = await import('./field-prompt.ts');
      return cancellable(askField({ ...question, lines: questionLines(question), error }, context));
    },
    async choose(message, choices, defaultValue) {
      const { select } = await import('@inquirer/prompts');
      return cancellable(
        select({ message, choices, default: defaultValue, theme, pageSize: 12 }, context),
      );
    },
    async confirm(message, defaultValue) {
      const { confirm } = await import('@inquirer/prompts');
      return cancellable(confirm({ message, default: defaultValue, theme }, context));
    },
  };
}

/** Ctrl+C or a closed terminal ends the command as declined, not as a crash. */
async function cancellable<T>(answer: Promise<T>): Promise<T> {
  try {
    return await answer;
  } catch (error) {
    if (error instanceof Error && error.name === 'ExitPromptError') {
      throw new CliError('Cancelled.', EXIT.failed);
    }
    throw error;
  }
}
