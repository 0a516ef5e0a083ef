// The argument codes are the package's one boundary module (stateless).
export * from '../boundary.mjs';
