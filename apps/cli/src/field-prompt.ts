import { createPrompt, isEnterKey, useKeypress, useState } from '@inquirer/core';
import type { FieldQuestion } from './prompts.ts';

interface FieldPromptConfig extends FieldQuestion {
  /** The block above the prompt line (see questionLines). */
  lines: string[];
  error: (text: string) => string;
}

/**
 * The platform CLI's question block, answered on a "> " line:
 *
 *   Events to report (--events)
 *   A list of events to report, e.g. environment.push
 *   Default: *
 *   Enter comma-separated values (or leave this blank)
 *   >
 *
 * Built on @inquirer/core rather than its `input` prompt, whose "? message" line cannot take
 * this shape. A refused answer shows its reason under the prompt and is asked again.
 */
export const askField = createPrompt<string, FieldPromptConfig>((config, done) => {
  const [value, setValue] = useState('');
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const [finished, setFinished] = useState(false);

  useKeypress((key, rl) => {
    if (finished) return;
    if (!isEnterKey(key)) {
      setValue(rl.line);
      setProblem(undefined);
      return;
    }

    const answer = value.trim();
    const verdict = config.validate ? config.validate(answer) : true;
    if (verdict === true) {
      setFinished(true);
      done(answer);
      return;
    }
    // Readline emptied its line on Enter: put the refused answer back to be corrected.
    rl.clearLine(0);
    rl.write(value);
    setProblem(verdict);
  });

  const shown = config.secret ? '*'.repeat(value.length) : value;
  const prompt = [...config.lines, `> ${shown}`].join('\n');

  return [prompt, problem ? config.error(problem) : ''];
});
