/**
 * The `memfrag` program: a registry of commands, each built by its own factory. Add a command with one
 * `addCommand` line; errors and exit codes are handled once, in runProgram.
 */
import { Command } from 'commander';
import { demoCommand } from './commands/demo';
import { emulatorCommand } from './commands/emulator';
import { historyCommand, showCommand } from './commands/history';
import { reportCommand } from './commands/report';
import { approveCommand, runCommand } from './commands/run';
import { serveCommand } from './commands/serve';
import { diagnoseCommand } from './diagnose';
import { runProgram } from './runProgram';

/** The program with every command registered. */
export function buildProgram(): Command {
  const program = new Command('memfrag')
    .description('diagnose and remediate Linux memory fragmentation on Tencent Cloud nodes')
    .version('0.1.0');
  program.addCommand(diagnoseCommand());
  program.addCommand(historyCommand());
  program.addCommand(runCommand());
  program.addCommand(approveCommand());
  program.addCommand(showCommand());
  program.addCommand(reportCommand());
  program.addCommand(emulatorCommand());
  program.addCommand(serveCommand());
  program.addCommand(demoCommand());
  return program;
}

process.exitCode = await runProgram(buildProgram(), process.argv);
