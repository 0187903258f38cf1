import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

export interface LogFile {
  readonly path: string;
  write(line: string): void;
  close(): void;
}

/** The functions' JSON logs, one file per session (emptied at start), written at once. */
export function openLogFile(path: string): LogFile {
  mkdirSync(dirname(path), { recursive: true });
  let fd: number | undefined = openSync(path, 'w');
  return {
    path,
    write(line) {
      if (fd !== undefined) writeSync(fd, `${line}\n`);
    },
    close() {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
  };
}
