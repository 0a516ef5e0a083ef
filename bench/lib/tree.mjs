// Size of a directory tree: apparent bytes (the sum of file sizes, the same on every file
// system), disk usage (allocated blocks, what `du` shows) and the file count.
import { lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export function treeSize(dir) {
  let files = 0;
  let apparent = 0;
  let disk = 0;
  const walk = (path) => {
    const stat = lstatSync(path);
    disk += stat.blocks * 512;
    if (stat.isDirectory()) {
      for (const name of readdirSync(path)) walk(join(path, name));
    } else {
      files += 1;
      apparent += stat.size;
    }
  };
  walk(dir);
  return { files, apparent, disk };
}
