// Runs `memfrag emulator` from its Command factory, as src/cli/main.ts will (used by cli.test.ts).
import { emulatorCommand } from '../../../src/cli/commands/emulator';

await emulatorCommand().parseAsync(process.argv.slice(2), { from: 'user' });
