export { YamlSource, type Path } from './yaml-source.js';
export { LoadError, formatProblem, type Problem } from './load-error.js';
export { zodProblems } from './zod-problems.js';
export { closest, nearest, didYouMean } from './did-you-mean.js';
