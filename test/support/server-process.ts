import { spawn } from 'node:child_process';

/** A server (src/main.ts or dist/main.js) in a child process, configured only through its environment. */
export interface ServerProcess {
  /** Everything it wrote (stdout and stderr), for failure messages and secret checks. */
  output(): string;
  /** Its exit code, once it exits. */
  readonly exited: Promise<number | null>;
  /** Resolves with the first `/healthz` response that answers 200; throws after ~30 s. */
  healthy(): Promise<Response>;
  kill(signal: NodeJS.Signals): void;
}

/** `args` after node: `['--import', 'tsx', 'src/main.ts']` or `['dist/main.js']`. HOME and PATH are passed on. */
export function startServerProcess(args: readonly string[], port: number, env: Record<string, string>): ServerProcess {
  const child = spawn(process.execPath, [...args], {
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp', HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    output: () => output,
    exited,
    async healthy() {
      for (let i = 0; i < 600; i++) {
        const response = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null);
        if (response?.status === 200) return response;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`the server did not answer /healthz: ${output}`);
    },
    kill: (signal) => void child.kill(signal),
  };
}
