import { runCli } from './run-cli.ts';

const code = await runCli({ argv: process.argv.slice(2), stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
// Exit explicitly: the SDK's keep-alive sockets and caches must not hold a finished run open.
process.stdout.write('', () => process.exit(code));
